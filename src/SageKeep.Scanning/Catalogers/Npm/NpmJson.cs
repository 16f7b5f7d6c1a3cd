using System.Text.Json;
using System.Text.Unicode;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Catalogers.Npm;

/// <summary>JSON reading shared by the npm catalogers (and the deps.json reader).</summary>
internal static class NpmJson
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>A v1 lockfile nests two JSON levels per dependency level (bounded to 128 by the reader); 320 leaves room for that.</summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        MaxDepth = 320,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> and parses them. The bytes are checked to be UTF-8
    /// first: JsonDocument defers that check to string access, where it would throw.
    /// </summary>
    public static async Task<(JsonDocument? Document, string? Error)> ParseAsync(
        Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadUtf8Async(content, maxBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, $"is larger than {maxBytes} bytes or not valid UTF-8");
        }

        try
        {
            return (JsonDocument.Parse(bytes.Value, Options), null);
        }
        catch (JsonException ex)
        {
            return (null, $"is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>The content without a UTF-8 byte order mark; null when over the limit or not UTF-8.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadUtf8Async(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > maxBytes)
        {
            return null;
        }

        ReadOnlyMemory<byte> bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        // Not "valid ? bytes : null": null would convert to an empty ReadOnlyMemory through byte[].
        if (!Utf8.IsValid(bytes.Span))
        {
            return null;
        }

        return bytes;
    }

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
