using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace SageKeep.Server.ServiceModels;

/// <summary>
/// Reads botocore's service-2.json format (metadata, operations, shapes) into a <see cref="ServiceModel"/>.
/// Documentation strings are skipped; only what routing, validation and serialisation need is kept.
/// </summary>
internal static class ServiceModelParser
{
    public static ServiceModel ParseGzip(string serviceName, Stream gzip)
    {
        using var inflated = new GZipStream(gzip, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(inflated);
        return Parse(serviceName, document.RootElement);
    }

    public static ServiceModel Parse(string serviceName, JsonElement root)
    {
        var metadata = root.GetProperty("metadata");
        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("operations").EnumerateObject())
        {
            operations[property.Name] = ParseOperation(property.Name, property.Value);
        }

        var shapes = new Dictionary<string, ShapeModel>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("shapes").EnumerateObject())
        {
            shapes[property.Name] = ParseShape(property.Name, property.Value);
        }

        var endpointPrefix = String(metadata, "endpointPrefix") ?? serviceName;
        return new ServiceModel
        {
            ServiceName = serviceName,
            Protocol = String(metadata, "protocol") ?? "json",
            ApiVersion = String(metadata, "apiVersion") ?? string.Empty,
            TargetPrefix = String(metadata, "targetPrefix"),
            SigningName = String(metadata, "signingName") ?? endpointPrefix,
            XmlNamespace = String(metadata, "xmlNamespace"),
            JsonVersion = String(metadata, "jsonVersion"),
            Operations = operations,
            Shapes = shapes,
        };
    }

    private static OperationModel ParseOperation(string name, JsonElement element)
    {
        var http = element.TryGetProperty("http", out var h) ? h : default;
        string? input = null, output = null, resultWrapper = null;
        if (element.TryGetProperty("input", out var inputRef))
        {
            input = String(inputRef, "shape");
        }

        if (element.TryGetProperty("output", out var outputRef))
        {
            output = String(outputRef, "shape");
            resultWrapper = String(outputRef, "resultWrapper");
        }

        var errors = new List<string>();
        if (element.TryGetProperty("errors", out var errorList) && errorList.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errorList.EnumerateArray())
            {
                if (String(error, "shape") is { } shape)
                {
                    errors.Add(shape);
                }
            }
        }

        return new OperationModel(
            name,
            http.ValueKind == JsonValueKind.Object ? String(http, "method") ?? "POST" : "POST",
            http.ValueKind == JsonValueKind.Object ? String(http, "requestUri") ?? "/" : "/",
            input,
            output,
            resultWrapper,
            errors);
    }

    private static ShapeModel ParseShape(string name, JsonElement element)
    {
        var kind = ParseKind(String(element, "type"));
        var members = new List<MemberModel>();
        if (element.TryGetProperty("members", out var memberObject) && memberObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in memberObject.EnumerateObject())
            {
                members.Add(ParseReference(member.Name, member.Value));
            }
        }

        var required = new HashSet<string>(StringComparer.Ordinal);
        if (element.TryGetProperty("required", out var requiredList) && requiredList.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in requiredList.EnumerateArray())
            {
                if (item.GetString() is { } memberName)
                {
                    required.Add(memberName);
                }
            }
        }

        List<string>? enumValues = null;
        if (element.TryGetProperty("enum", out var enumList) && enumList.ValueKind == JsonValueKind.Array)
        {
            enumValues = [.. enumList.EnumerateArray().Select(v => v.GetString() ?? string.Empty)];
        }

        string? errorCode = null;
        int? errorStatus = null;
        var senderFault = true;
        if (element.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            errorCode = String(error, "code");
            errorStatus = error.TryGetProperty("httpStatusCode", out var status) && status.TryGetInt32(out var code) ? code : null;
            senderFault = !error.TryGetProperty("senderFault", out var fault) || fault.ValueKind != JsonValueKind.False;
        }

        return new ShapeModel(name, kind)
        {
            Members = members,
            Required = required,
            Member = element.TryGetProperty("member", out var listMember) ? ParseReference(string.Empty, listMember) : null,
            Key = element.TryGetProperty("key", out var key) ? ParseReference(string.Empty, key) : null,
            Value = element.TryGetProperty("value", out var value) ? ParseReference(string.Empty, value) : null,
            Min = Number(element, "min"),
            Max = Number(element, "max"),
            Pattern = String(element, "pattern"),
            Enum = enumValues,
            Flattened = Bool(element, "flattened"),
            Payload = String(element, "payload"),
            IsException = Bool(element, "exception"),
            Sensitive = Bool(element, "sensitive"),
            ErrorCode = errorCode,
            ErrorHttpStatus = errorStatus,
            ErrorSenderFault = senderFault,
        };
    }

    private static MemberModel ParseReference(string name, JsonElement element) =>
        new(
            name,
            String(element, "shape") ?? string.Empty,
            String(element, "locationName"),
            String(element, "location"),
            String(element, "queryName"),
            Bool(element, "flattened"));

    private static ShapeKind ParseKind(string? type) => type switch
    {
        "structure" => ShapeKind.Structure,
        "list" => ShapeKind.List,
        "map" => ShapeKind.Map,
        "string" => ShapeKind.String,
        "integer" => ShapeKind.Integer,
        "long" => ShapeKind.Long,
        "float" => ShapeKind.Float,
        "double" => ShapeKind.Double,
        "boolean" => ShapeKind.Boolean,
        "timestamp" => ShapeKind.Timestamp,
        "blob" => ShapeKind.Blob,
        _ => ShapeKind.Unknown,
    };

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
