using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Audit;

/// <summary>
/// One audit record as one line of JSON, with CloudTrail-like field names (eventTime, eventSource,
/// eventName, userIdentity...). Writing escapes every control character, so a record is always one line.
/// </summary>
public static class AuditJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    public static byte[] ToLine(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("eventTime", AuditTime.Format(record.EventTime));
            writer.WriteString("requestId", record.RequestId);
            writer.WriteString("eventSource", record.Service);
            writer.WriteString("eventName", record.EventName);
            WriteOptional(writer, "action", record.Action);
            writer.WriteStartArray("resources");
            foreach (var resource in record.Resources)
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("userIdentity");
            WriteOptional(writer, "arn", record.PrincipalArn);
            WriteOptional(writer, "accountId", record.AccountId);
            WriteOptional(writer, "accessKeyId", record.AccessKeyId);
            writer.WriteEndObject();
            WriteOptional(writer, "sourceIPAddress", record.SourceIp);
            WriteOptional(writer, "userAgent", record.UserAgent);
            writer.WriteStartObject("tlsDetails");
            WriteOptional(writer, "tlsVersion", record.TlsProtocol);
            WriteOptional(writer, "cipherSuite", record.TlsCipher);
            writer.WriteEndObject();
            WriteOptional(writer, "vpcEndpointId", record.VpcEndpointId);
            writer.WriteString("decision", record.Decision);
            WriteOptional(writer, "decidingStatement", record.DecidingStatement);
            writer.WriteNumber("httpStatus", record.HttpStatus);
            WriteOptional(writer, "errorCode", record.ErrorCode);
            if (record.ItemDecision)
            {
                writer.WriteBoolean("itemDecision", true);
            }

            if (record.RequestParameters is { } parameters)
            {
                writer.WritePropertyName("requestParameters");
                parameters.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>Reads a line written by <see cref="ToLine"/>; null when it is not one.</summary>
    public static AuditRecord? FromLine(ReadOnlySpan<byte> line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject root)
            {
                return null;
            }

            var identity = root["userIdentity"] as JsonObject;
            var tls = root["tlsDetails"] as JsonObject;
            return new AuditRecord
            {
                EventTime = DateTimeOffset.Parse(Text(root, "eventTime") ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                RequestId = Text(root, "requestId") ?? string.Empty,
                Service = Text(root, "eventSource") ?? string.Empty,
                EventName = Text(root, "eventName") ?? string.Empty,
                Action = Text(root, "action"),
                Resources = root["resources"] is JsonArray resources ? [.. resources.Select(r => r?.GetValue<string>() ?? string.Empty)] : [],
                PrincipalArn = Text(identity, "arn"),
                AccountId = Text(identity, "accountId"),
                AccessKeyId = Text(identity, "accessKeyId"),
                SourceIp = Text(root, "sourceIPAddress"),
                UserAgent = Text(root, "userAgent"),
                TlsProtocol = Text(tls, "tlsVersion"),
                TlsCipher = Text(tls, "cipherSuite"),
                VpcEndpointId = Text(root, "vpcEndpointId"),
                Decision = Text(root, "decision") ?? string.Empty,
                DecidingStatement = Text(root, "decidingStatement"),
                HttpStatus = root["httpStatus"] is JsonValue status && status.TryGetValue<int>(out var code) ? code : 0,
                ErrorCode = Text(root, "errorCode"),
                RequestParameters = root["requestParameters"]?.DeepClone() as JsonObject,
                ItemDecision = root["itemDecision"] is JsonValue item && item.TryGetValue<bool>(out var isItem) && isItem,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Text(JsonObject? parent, string name) =>
        parent?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
