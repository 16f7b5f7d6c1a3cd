using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Ec2;

/// <summary>Small readers over stored documents and handler input.</summary>
internal static class Ec2Doc
{
    public static string? Text(JsonObject? document, string member) => document is null ? null : InputValues.GetString(document[member]);

    public static int? Int(JsonObject? document, string member) =>
        document is not null && InputValues.TryGetInt64(document[member], out var value) ? (int)value : null;

    public static bool Bool(JsonObject? document, string member) =>
        document?[member] is JsonValue v && v.TryGetValue(out bool flag) && flag;

    public static List<string> Strings(JsonObject? document, string member) =>
        document?[member] is JsonArray array ? [.. array.Select(InputValues.GetString).OfType<string>()] : [];

    public static JsonArray Array(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    /// <summary>The public copy of a stored document: members starting with "_" are the server's own.</summary>
    public static JsonObject Public(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        foreach (var key in copy.Select(p => p.Key).Where(k => k.StartsWith('_')).ToList())
        {
            copy.Remove(key);
        }

        return copy;
    }
}
