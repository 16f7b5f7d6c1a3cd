using System.Xml;
using System.Text.Json.Nodes;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Query;

/// <summary>
/// Writes awsQuery and ec2 responses from the output shape. awsQuery:
/// <c>&lt;OpResponse xmlns&gt;&lt;OpResult&gt;...&lt;/OpResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;&lt;/ResponseMetadata&gt;&lt;/OpResponse&gt;</c>;
/// ec2: <c>&lt;OpResponse xmlns&gt;&lt;requestId/&gt;...&lt;/OpResponse&gt;</c>. Members in model order under
/// their <c>locationName</c>, lists as <c>member</c> (or the member's <c>locationName</c>, ec2's
/// <c>item</c>), maps as <c>entry/key/value</c>, timestamps ISO 8601, blobs base64.
/// </summary>
internal static class QueryResponseWriter
{
    public static byte[] Write(ServiceModel model, OperationModel operation, JsonObject? output, string requestId, ProtocolKind protocol)
    {
        var shape = model.FindShape(operation.OutputShape);
        return ErrorResponseWriter.Xml(writer =>
        {
            writer.WriteStartElement($"{operation.Name}Response", model.XmlNamespace ?? string.Empty);
            if (protocol == ProtocolKind.Ec2Query)
            {
                writer.WriteElementString("requestId", requestId);
                if (shape is not null && output is not null)
                {
                    WriteMembers(writer, model, shape, output);
                }
            }
            else
            {
                if (shape is not null && output is not null)
                {
                    writer.WriteStartElement(operation.ResultWrapper ?? $"{operation.Name}Result");
                    WriteMembers(writer, model, shape, output);
                    writer.WriteEndElement();
                }

                writer.WriteStartElement("ResponseMetadata");
                writer.WriteElementString("RequestId", requestId);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    private static void WriteMembers(XmlWriter writer, ServiceModel model, ShapeModel shape, JsonObject value)
    {
        foreach (var member in shape.Members)
        {
            if (value.TryGetPropertyValue(member.Name, out var node) && node is not null
                && model.FindShape(member.ShapeName) is { } memberShape)
            {
                WriteValue(writer, model, memberShape, member, member.LocationName ?? member.Name, node);
            }
        }
    }

    private static void WriteValue(XmlWriter writer, ServiceModel model, ShapeModel shape, MemberModel reference, string element, JsonNode node)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Structure when node is JsonObject obj:
                writer.WriteStartElement(element);
                WriteMembers(writer, model, shape, obj);
                writer.WriteEndElement();
                break;
            case ShapeKind.List when node is JsonArray array && shape.Member is { } itemRef && model.FindShape(itemRef.ShapeName) is { } itemShape:
                var flattened = shape.Flattened || reference.Flattened;
                if (!flattened)
                {
                    writer.WriteStartElement(element);
                }

                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        WriteValue(writer, model, itemShape, itemRef, flattened ? element : itemRef.LocationName ?? "member", item);
                    }
                }

                if (!flattened)
                {
                    writer.WriteEndElement();
                }

                break;
            case ShapeKind.Map when node is JsonObject map && shape.Value is { } valueRef && model.FindShape(valueRef.ShapeName) is { } valueShape:
                writer.WriteStartElement(element);
                foreach (var (key, item) in map)
                {
                    writer.WriteStartElement("entry");
                    writer.WriteElementString(shape.Key?.LocationName ?? "key", XmlText.Clean(key));
                    if (item is not null)
                    {
                        WriteValue(writer, model, valueShape, valueRef, valueRef.LocationName ?? "value", item);
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                break;
            case ShapeKind.Timestamp:
                writer.WriteElementString(element, OutputValues.Iso8601(node) ?? OutputValues.Text(node));
                break;
            case ShapeKind.Blob:
                writer.WriteElementString(element, OutputValues.Base64(node) ?? string.Empty);
                break;
            case ShapeKind.Structure or ShapeKind.List or ShapeKind.Map:
                // A value of the wrong kind for its shape is a handler bug; leave it out rather than emit a malformed document.
                break;
            default:
                writer.WriteElementString(element, XmlText.Clean(OutputValues.Text(node)));
                break;
        }
    }
}
