using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// A ManifestFile channel's manifest (SageMaker API reference, S3DataSource): a JSON array whose first element is
/// <c>{"prefix": "s3://bucket/prefix/"}</c> and whose other elements are keys relative to that prefix. The same
/// content as JSON lines (the prefix object on the first line, one JSON string per following line) is read too.
/// Bounded: the manifest's size and entry count are capped, and every key is checked where it lands later.
/// </summary>
internal sealed record ChannelManifest(string Bucket, string Prefix, IReadOnlyList<string> Keys)
{
    public const long MaxBytes = 16 * 1024 * 1024;
    public const int MaxEntries = 100_000;

    /// <summary>The manifest, or throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ChannelManifest Parse(string channel, byte[] content)
    {
        var text = Encoding.UTF8.GetString(content).Trim();
        List<JsonNode?> items;
        try
        {
            items = text.StartsWith('[')
                ? [.. (JsonNode.Parse(text) as JsonArray ?? [])]
                : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l))];
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"channel {channel}: the manifest is not a JSON array (or JSON lines) of a prefix object and keys");
        }

        if (items.Count == 0 || items[0] is not JsonObject first || first["prefix"] is not JsonValue prefixValue || !prefixValue.TryGetValue<string>(out var prefixUri))
        {
            throw new InvalidDataException($"channel {channel}: the manifest must start with {{\"prefix\": \"s3://bucket/prefix/\"}}");
        }

        if (S3Uri.Parse(prefixUri) is not { } prefix)
        {
            throw new InvalidDataException($"channel {channel}: the manifest prefix must be an s3://bucket/prefix URI");
        }

        if (items.Count - 1 > MaxEntries)
        {
            throw new InvalidDataException($"channel {channel}: the manifest lists more than {MaxEntries} keys");
        }

        var keys = new List<string>(items.Count - 1);
        foreach (var item in items.Skip(1))
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var key) || key.Length == 0)
            {
                throw new InvalidDataException($"channel {channel}: every manifest entry after the prefix must be a non-empty key string");
            }

            keys.Add(key);
        }

        if (keys.Count == 0)
        {
            throw new InvalidDataException($"channel {channel}: the manifest lists no keys");
        }

        return new ChannelManifest(prefix.Bucket, prefix.Prefix, keys);
    }
}
