using System.Text.Json;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Protocols.Json;

/// <summary>
/// Reads an awsJson1_1 body into an input tree. The body is already bounded in size by the endpoint;
/// here depth is bounded and duplicate members refused, and malformed JSON becomes AWS's
/// <c>SerializationException</c> naming the problem.
/// </summary>
internal static class JsonRequestReader
{
    public static InputReadResult Read(ReadOnlyMemory<byte> body, int maxDepth, ProtocolKind protocol)
    {
        // Step 1: AWS clients always send "{}" for an empty input; accept an empty body as the same.
        var span = body.Span.Trim(" \t\r\n"u8);
        if (span.IsEmpty)
        {
            return InputReadResult.Ok([]);
        }

        // Step 2: parse with the depth bound; duplicates are refused rather than silently resolved.
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(
                body.Span,
                nodeOptions: null,
                new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return InputReadResult.Fail(ProtocolErrors.Serialization(protocol, $"The request body is not valid JSON: {e.Message}"));
        }

        // Step 3: the input of every operation is a structure.
        return root is JsonObject input
            ? InputReadResult.Ok(input)
            : InputReadResult.Fail(ProtocolErrors.Serialization(protocol, "The request body must be a JSON object."));
    }
}
