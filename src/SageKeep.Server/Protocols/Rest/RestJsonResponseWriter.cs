using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Json;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Rest;

/// <summary>
/// restJson output: header members as headers, a blob payload as the raw body with the
/// <c>Content-Type</c> member as content type (InvokeEndpoint), otherwise a JSON body.
/// </summary>
internal static class RestJsonResponseWriter
{
    public static ProtocolResponse Write(ServiceModel model, ShapeModel? shape, JsonObject? output)
    {
        if (shape is null || output is null)
        {
            return ProtocolResponse.Create(200, "application/json", "{}"u8.ToArray());
        }

        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var member in shape.Members)
        {
            if (member.Location == "header" && output.TryGetPropertyValue(member.Name, out var node) && node is not null)
            {
                var name = member.LocationName ?? member.Name;
                var text = OutputValues.Text(node);
                if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = text;
                }
                else
                {
                    headers.Add(KeyValuePair.Create(name, text));
                }
            }
        }

        if (shape.Payload is { } payloadName && shape.FindMember(payloadName) is { } payload)
        {
            output.TryGetPropertyValue(payload.Name, out var body);
            ReadOnlyMemory<byte> bytes = body switch
            {
                JsonValue v when v.TryGetValue(out byte[]? raw) => raw,
                _ when InputValues.GetString(body) is { } text => System.Text.Encoding.UTF8.GetBytes(text),
                _ => ReadOnlyMemory<byte>.Empty,
            };
            return new ProtocolResponse(200, contentType ?? "application/octet-stream", bytes, headers);
        }

        return new ProtocolResponse(200, contentType ?? "application/json", JsonResponseWriter.Write(model, shape, output), headers);
    }
}
