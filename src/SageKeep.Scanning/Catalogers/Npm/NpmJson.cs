using System.Text.Json;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Npm;

/// <summary>JSON helpers shared by the npm catalogers.</summary>
internal static class NpmJson
{
    /// <summary>A v1 lockfile nests two JSON levels per dependency level (bounded to 128 by the reader); 320 leaves room for that.</summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        MaxDepth = 320,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>
    /// The licence as written: a string (SPDX expression), the deprecated <c>{ "type": ... }</c> object,
    /// or the deprecated <c>licenses</c> array joined with " OR ".
    /// </summary>
    public static string? License(JsonElement root)
    {
        if (root.TryGetProperty("license", out var license))
        {
            if (license.ValueKind == JsonValueKind.String)
            {
                return NullIfEmpty(license.GetString());
            }

            if (license.ValueKind == JsonValueKind.Object)
            {
                return NullIfEmpty(String(license, "type"));
            }
        }

        if (root.TryGetProperty("licenses", out var licenses) && licenses.ValueKind == JsonValueKind.Array)
        {
            var types = licenses.EnumerateArray()
                .Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() : String(l, "type"))
                .Where(t => !string.IsNullOrWhiteSpace(t))
                .Take(16)
                .ToList();
            return types.Count == 0 ? null : string.Join(" OR ", types);
        }

        return null;
    }

    /// <summary>True for a name a purl can carry: not empty once surrounding '/' and blanks are removed.</summary>
    public static bool IsUsableName(string? name) => !string.IsNullOrWhiteSpace(name?.Trim('/'));

    /// <summary>A record for <paramref name="name"/> (possibly "@scope/name") with purl namespace "%40scope".</summary>
    public static PackageRecord Record(string name, string version, ClaimedFile file, string catalogerId)
    {
        string? scope = null;
        var bare = name;
        if (name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is var slash and > 1
            && IsUsableName(name[(slash + 1)..]))
        {
            scope = name[..slash];
            bare = name[(slash + 1)..];
        }

        return new PackageRecord(name, version, "npm", Purl.For("npm", scope, bare, version), file.Path, file.LayerDigest, catalogerId);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
