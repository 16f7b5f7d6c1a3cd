using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Rest;

/// <summary>
/// restJson (SageMaker Runtime): finds the operation whose <c>requestUri</c> template matches the
/// path, and binds uri labels, headers, query parameters and the body into an input tree. A blob
/// payload (InvokeEndpoint's <c>Body</c>) is carried as raw bytes, not re-encoded.
/// </summary>
internal static class RestJsonRequestReader
{
    public static (OperationModel Operation, Dictionary<string, string> Labels)? Match(ServiceModel model, string method, string path)
    {
        var segments = SplitPath(path);
        foreach (var operation in model.Operations.Values)
        {
            if (!string.Equals(operation.HttpMethod, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var template = operation.RequestUri;
            var question = template.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                template = template[..question];
            }

            if (TryMatch(SplitPath(template), segments) is { } labels)
            {
                return (operation, labels);
            }
        }

        return null;
    }

    public static InputReadResult Read(
        ServiceModel model,
        ShapeModel? inputShape,
        IReadOnlyDictionary<string, string> labels,
        IHeaderDictionary headers,
        IQueryCollection query,
        ReadOnlyMemory<byte> body,
        int maxDepth)
    {
        if (inputShape is null)
        {
            return InputReadResult.Ok([]);
        }

        // Step 1: the body is either the payload member or a JSON object of the body members.
        JsonObject input;
        if (inputShape.Payload is { } payloadName && inputShape.FindMember(payloadName) is { } payload)
        {
            input = [];
            var payloadShape = model.FindShape(payload.ShapeName);
            if (payloadShape?.Kind is ShapeKind.Blob or ShapeKind.String)
            {
                if (!body.IsEmpty)
                {
                    input[payload.Name] = JsonValue.Create(body.ToArray());
                }
            }
            else if (!body.IsEmpty)
            {
                var nested = JsonRequestReader.Read(body, maxDepth, ProtocolKind.RestJson);
                if (nested.Error is not null)
                {
                    return nested;
                }

                input[payload.Name] = nested.Input;
            }
        }
        else
        {
            var read = JsonRequestReader.Read(body, maxDepth, ProtocolKind.RestJson);
            if (read.Error is not null)
            {
                return read;
            }

            input = read.Input!;
        }

        // Step 2: members bound to the uri, headers and query string.
        foreach (var member in inputShape.Members)
        {
            var wireName = member.LocationName ?? member.Name;
            string? text = member.Location switch
            {
                "uri" => labels.TryGetValue(wireName, out var label) ? label : null,
                "header" => headers.TryGetValue(wireName, out var header) ? header.ToString() : null,
                "querystring" => query.TryGetValue(wireName, out var parameter) ? parameter.ToString() : null,
                _ => null,
            };

            if (text is not null)
            {
                input[member.Name] = ToValue(model.FindShape(member.ShapeName), text);
            }
        }

        return InputReadResult.Ok(input);
    }

    private static JsonValue ToValue(ShapeModel? shape, string text) => shape?.Kind switch
    {
        ShapeKind.Integer or ShapeKind.Long when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        ShapeKind.Boolean when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
        _ => JsonValue.Create(text),
    };

    private static string[] SplitPath(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string>? TryMatch(string[] template, string[] path)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var name = part[1..^1];
                if (name.EndsWith('+'))
                {
                    // Greedy label: the rest of the path.
                    if (i >= path.Length)
                    {
                        return null;
                    }

                    labels[name[..^1]] = Uri.UnescapeDataString(string.Join('/', path[i..]));
                    return labels;
                }

                if (i >= path.Length)
                {
                    return null;
                }

                labels[name] = Uri.UnescapeDataString(path[i]);
            }
            else if (i >= path.Length || !string.Equals(part, path[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return template.Length == path.Length ? labels : null;
    }
}
