using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

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

        // Step 2: text that is not UTF-8, or escapes that decode to lone surrogates, would only fail
        // later when a string is read; refuse them here as the client's mistake.
        if (!Utf8.IsValid(span))
        {
            return InputReadResult.Fail(ProtocolErrors.Serialization(protocol, "The request body is not valid UTF-8."));
        }

        if (span.IndexOf("\\u"u8) >= 0 && !EscapesDecode(span, maxDepth))
        {
            return InputReadResult.Fail(ProtocolErrors.Serialization(protocol, "The request body contains a \\u escape that is not valid UTF-16."));
        }

        // Step 3: parse with the depth bound; duplicates are refused rather than silently resolved.
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

        // Step 4: the input of every operation is a structure.
        return root is JsonObject input
            ? InputReadResult.Ok(input)
            : InputReadResult.Fail(ProtocolErrors.Serialization(protocol, "The request body must be a JSON object."));
    }

    /// <summary>Whether every string and name decodes (RFC 8259 section 8.2 allows unpaired surrogate escapes; .NET strings refuse them).</summary>
    private static bool EscapesDecode(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the parse that follows, with its position.
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }
}
