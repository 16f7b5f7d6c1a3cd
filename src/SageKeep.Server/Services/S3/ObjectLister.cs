using SageKeep.Server.Objects;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// S3 listing semantics over the store's ordered keys (ListObjectsV2 API reference): keys under the
/// prefix after a start position; with a delimiter, keys that contain it after the prefix roll up into one
/// common prefix each; objects and prefixes together count against max-keys.
/// </summary>
internal static class ObjectLister
{
    /// <summary>Sorts after every key that starts with a given common prefix (the largest code point).</summary>
    private const string AfterEverything = "\U0010FFFF";

    public static async Task<ListingPage> ListAsync(EmbeddedObjectStore store, string bucket, string prefix, string? delimiter, string? after, int maxKeys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var objects = new List<ObjectRecord>();
        var prefixes = new List<string>();
        var batch = Math.Clamp(maxKeys + 1, 2, 1001);
        string? lastEntry = null;
        var position = after;
        while (true)
        {
            var page = await store.ListObjectsAsync(bucket, prefix, position, batch, ct).ConfigureAwait(false);
            var skipped = false;
            foreach (var record in page)
            {
                var key = record.Info.Key;
                var split = string.IsNullOrEmpty(delimiter) ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                var commonPrefix = split < 0 ? null : key[..(split + delimiter!.Length)];
                if (commonPrefix is not null && commonPrefix == lastEntry)
                {
                    position = key;
                    continue;
                }

                if (objects.Count + prefixes.Count >= maxKeys)
                {
                    return new ListingPage(objects, prefixes, true, position, lastEntry);
                }

                if (commonPrefix is not null)
                {
                    prefixes.Add(commonPrefix);
                    lastEntry = commonPrefix;

                    // Skip the rest of this prefix with a fresh query rather than reading every key under it.
                    position = commonPrefix + AfterEverything;
                    skipped = true;
                    break;
                }

                objects.Add(record);
                lastEntry = key;
                position = key;
            }

            if (page.Count < batch && !skipped)
            {
                return new ListingPage(objects, prefixes, false, position, lastEntry);
            }
        }
    }
}
