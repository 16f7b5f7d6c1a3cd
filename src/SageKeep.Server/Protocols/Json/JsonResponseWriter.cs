using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Json;

/// <summary>
/// Writes an output tree as awsJson1_1/restJson, guided by the output shape: members in model order,
/// timestamps as epoch seconds, blobs as base64. Members the shape does not know are dropped, so a
/// handler cannot leak internal fields by accident.
/// </summary>
internal static class JsonResponseWriter
{
    public static byte[] Write(ServiceModel model, ShapeModel? shape, JsonObject? output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (shape is null || output is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                WriteStructure(writer, model, shape, output, bodyOnly: true);
            }
        }

        return buffer.ToArray();
    }

    private static void WriteStructure(Utf8JsonWriter writer, ServiceModel model, ShapeModel shape, JsonObject value, bool bodyOnly)
    {
        writer.WriteStartObject();
        foreach (var member in shape.Members)
        {
            // Members bound to headers or the status code do not travel in a rest body.
            if ((bodyOnly && member.Location is not null) || !value.TryGetPropertyValue(member.Name, out var node) || node is null
                || model.FindShape(member.ShapeName) is not { } memberShape)
            {
                continue;
            }

            writer.WritePropertyName(member.LocationName is not null && member.Location is null && model.Protocol == "rest-json" ? member.LocationName : member.Name);
            WriteValue(writer, model, memberShape, node);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ServiceModel model, ShapeModel shape, JsonNode node)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Structure when node is JsonObject obj:
                WriteStructure(writer, model, shape, obj, bodyOnly: false);
                break;
            case ShapeKind.List when node is JsonArray array && model.FindShape(shape.Member?.ShapeName) is { } itemShape:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, model, itemShape, item);
                    }
                }

                writer.WriteEndArray();
                break;
            case ShapeKind.Map when node is JsonObject map && model.FindShape(shape.Value?.ShapeName) is { } valueShape:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteValue(writer, model, valueShape, item);
                    }
                }

                writer.WriteEndObject();
                break;
            case ShapeKind.Timestamp when OutputValues.TryGetEpochSeconds(node, out var seconds):
                writer.WriteNumberValue(Math.Round(seconds, 3));
                break;
            case ShapeKind.Blob when OutputValues.Base64(node) is { } encoded:
                writer.WriteStringValue(encoded);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
