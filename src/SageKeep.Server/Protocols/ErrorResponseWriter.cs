using System.Text;
using System.Text.Json;
using System.Xml;
using SageKeep.Core.Errors;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Renders an <see cref="AwsError"/> in a protocol's error shape, as botocore's parsers read them:
/// awsJson/restJson <c>{"__type","message"}</c> plus <c>x-amzn-ErrorType</c>; awsQuery
/// <c>ErrorResponse/Error/Type|Code|Message</c> + <c>RequestId</c>; ec2 <c>Response/Errors/Error</c> +
/// <c>RequestID</c>; S3 <c>Error/Code|Message|Resource|RequestId</c>; the registry's OCI error JSON.
/// </summary>
internal static class ErrorResponseWriter
{
    public const string JsonContentType = "application/x-amz-json-1.1";

    private static readonly XmlWriterSettings XmlSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = false,
        Indent = false,
    };

    public static ProtocolResponse Write(ProtocolKind protocol, AwsError error, string requestId, string? xmlNamespace = null, string? resource = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return protocol switch
        {
            ProtocolKind.AwsJson => ProtocolResponse.Create(error.HttpStatus, JsonContentType, JsonBody(error), KeyValuePair.Create("x-amzn-ErrorType", error.Code)),
            ProtocolKind.RestJson => ProtocolResponse.Create(error.HttpStatus, "application/json", JsonBody(error), KeyValuePair.Create("x-amzn-ErrorType", error.Code)),
            ProtocolKind.AwsQuery => ProtocolResponse.Create(error.HttpStatus, "text/xml", QueryBody(error, requestId, xmlNamespace)),
            ProtocolKind.Ec2Query => ProtocolResponse.Create(error.HttpStatus, "text/xml;charset=UTF-8", Ec2Body(error, requestId)),
            ProtocolKind.RestXml => ProtocolResponse.Create(error.HttpStatus, "application/xml", S3Body(error, requestId, resource)),
            _ => ProtocolResponse.Create(
                error.HttpStatus,
                "application/json",
                RegistryBody(error),
                error.HttpStatus == 401 ? [KeyValuePair.Create("WWW-Authenticate", "Basic realm=\"sagekeep\"")] : []),
        };
    }

    private static byte[] JsonBody(AwsError error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] RegistryBody(AwsError error)
    {
        // OCI distribution spec, "Error Codes": {"errors":[{"code","message","detail"}]}.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] QueryBody(AwsError error, string requestId, string? xmlNamespace) =>
        Xml(writer =>
        {
            writer.WriteStartElement("ErrorResponse", xmlNamespace ?? string.Empty);
            writer.WriteStartElement("Error");
            writer.WriteElementString("Type", error.Fault == AwsErrorFault.Sender ? "Sender" : "Receiver");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", XmlText.Clean(error.Message));
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
        });

    private static byte[] Ec2Body(AwsError error, string requestId) =>
        Xml(writer =>
        {
            writer.WriteStartElement("Response");
            writer.WriteStartElement("Errors");
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", XmlText.Clean(error.Message));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteElementString("RequestID", requestId);
            writer.WriteEndElement();
        });

    private static byte[] S3Body(AwsError error, string requestId, string? resource) =>
        Xml(writer =>
        {
            writer.WriteStartElement("Error");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", XmlText.Clean(error.Message));
            if (resource is not null)
            {
                writer.WriteElementString("Resource", XmlText.Clean(resource));
            }

            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
        });

    internal static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, XmlSettings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }
}
