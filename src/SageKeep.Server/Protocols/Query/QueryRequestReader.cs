using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols.Query;

/// <summary>
/// Binds awsQuery and ec2 parameters to an operation's input shape, producing the same kind of tree
/// the JSON reader produces, so one validator serves both. Names follow botocore's serializers:
/// awsQuery lists <c>Name.member.N</c> (flattened <c>Name.N</c>), maps <c>Name.entry.N.key/value</c>,
/// nested structures <c>A.B</c>; ec2 lists <c>Name.N</c> and names from <c>queryName</c> or the
/// capitalised <c>locationName</c>. Parameters the shape does not name are ignored, as AWS does.
/// </summary>
internal static class QueryRequestReader
{
    /// <summary>Binds the parameter tree <paramref name="root"/>; values of the wrong type are recorded on <paramref name="report"/>.</summary>
    public static JsonObject Bind(ServiceModel model, ShapeModel inputShape, QueryNode root, ProtocolKind protocol, ValidationReport report)
    {
        var result = new JsonObject();
        BindMembers(model, inputShape, root, protocol, string.Empty, result, report);
        return result;
    }

    private static void BindMembers(ServiceModel model, ShapeModel shape, QueryNode node, ProtocolKind protocol, string path, JsonObject target, ValidationReport report)
    {
        foreach (var member in shape.Members)
        {
            if (node.Child(SerializedName(member, protocol, member.Name)) is not { } child
                || model.FindShape(member.ShapeName) is not { } memberShape)
            {
                continue;
            }

            var memberPath = path.Length == 0 ? member.PathName : $"{path}.{member.PathName}";
            if (BindValue(model, memberShape, member, child, protocol, memberPath, report) is { } value)
            {
                target[member.Name] = value;
            }
        }
    }

    private static JsonNode? BindValue(ServiceModel model, ShapeModel shape, MemberModel reference, QueryNode node, ProtocolKind protocol, string path, ValidationReport report)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Structure:
                var obj = new JsonObject();
                BindMembers(model, shape, node, protocol, path, obj, report);
                return obj;
            case ShapeKind.List:
                return BindList(model, shape, reference, node, protocol, path, report);
            case ShapeKind.Map:
                return BindMap(model, shape, reference, node, protocol, path, report);
            default:
                return node.Value is { } text ? BindScalar(shape, text, path, report) : null;
        }
    }

    private static JsonArray BindList(ServiceModel model, ShapeModel shape, MemberModel reference, QueryNode node, ProtocolKind protocol, string path, ValidationReport report)
    {
        var array = new JsonArray();
        var itemShape = model.FindShape(shape.Member?.ShapeName);
        if (itemShape is null || shape.Member is null)
        {
            return array;
        }

        // botocore sends "Name=" for an empty awsQuery list; ec2 lists are always flattened.
        var flattened = protocol == ProtocolKind.Ec2Query || shape.Flattened || reference.Flattened;
        var items = flattened ? node : node.Child(shape.Member.LocationName ?? "member");
        if (items is null)
        {
            return array;
        }

        var index = 0;
        foreach (var item in items.Indexed())
        {
            index++;
            var value = BindValue(model, itemShape, shape.Member, item, protocol, $"{path}.{index}.member", report);
            array.Add(value);
        }

        return array;
    }

    private static JsonObject BindMap(ServiceModel model, ShapeModel shape, MemberModel reference, QueryNode node, ProtocolKind protocol, string path, ValidationReport report)
    {
        var map = new JsonObject();
        var valueShape = model.FindShape(shape.Value?.ShapeName);
        if (shape.Key is null || shape.Value is null || valueShape is null)
        {
            return map;
        }

        var entries = shape.Flattened || reference.Flattened ? node : node.Child("entry");
        foreach (var entry in entries?.Indexed() ?? [])
        {
            var key = entry.Child(SerializedName(shape.Key, protocol, "key"))?.Value;
            var valueNode = entry.Child(SerializedName(shape.Value, protocol, "value"));
            if (key is null || map.ContainsKey(key))
            {
                continue;
            }

            map[key] = valueNode is null ? null : BindValue(model, valueShape, shape.Value, valueNode, protocol, $"{path}.{key}", report);
        }

        return map;
    }

    private static JsonValue? BindScalar(ShapeModel shape, string text, string path, ValidationReport report)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Integer when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                return JsonValue.Create((long)i);
            case ShapeKind.Long when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l):
                return JsonValue.Create(l);
            case ShapeKind.Float or ShapeKind.Double when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                return JsonValue.Create(d);
            case ShapeKind.Boolean when bool.TryParse(text, out var b):
                return JsonValue.Create(b);
            case ShapeKind.Integer or ShapeKind.Long or ShapeKind.Float or ShapeKind.Double:
                report.Add(path, $"'{text}'", "Member must be a number");
                return null;
            case ShapeKind.Boolean:
                report.Add(path, $"'{text}'", "Member must be a boolean (true or false)");
                return null;
            default:
                // Strings, timestamps (ISO 8601) and blobs (base64) stay text; the validator checks them.
                return JsonValue.Create(text);
        }
    }

    /// <summary>botocore's <c>_get_serialized_name</c> for awsQuery and ec2.</summary>
    private static string SerializedName(MemberModel member, ProtocolKind protocol, string defaultName)
    {
        if (protocol != ProtocolKind.Ec2Query)
        {
            return member.LocationName ?? defaultName;
        }

        if (member.QueryName is { } queryName)
        {
            return queryName;
        }

        return member.LocationName is { Length: > 0 } location
            ? char.ToUpperInvariant(location[0]) + location[1..]
            : defaultName;
    }
}
