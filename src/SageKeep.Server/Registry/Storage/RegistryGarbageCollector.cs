namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// Removes what no repository references: blob links no manifest uses (after a grace period, so a push in
/// progress keeps its layers), then blob files whose reference count is zero, then idle upload sessions.
/// A blob is only deleted when it is both unreferenced and older than the grace period, so a blob that a
/// concurrent push is about to link survives.
/// </summary>
internal sealed class RegistryGarbageCollector(RegistryStore store, BlobStore blobs, UploadSessions uploads, TimeProvider time)
{
    public async Task<GarbageCollectionResult> CollectAsync(TimeSpan gracePeriod, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - gracePeriod;
        var links = await store.UnlinkUnreferencedBlobsAsync(cutoff, ct).ConfigureAwait(false);
        var referenced = await store.ReferencedDigestsAsync(ct).ConfigureAwait(false);
        int removed = 0, kept = 0;
        long freed = 0;
        foreach (var (digest, written, length) in blobs.Enumerate().ToList())
        {
            if (referenced.Contains(digest) || written > cutoff.UtcDateTime)
            {
                kept++;
                continue;
            }

            blobs.Delete(digest);
            removed++;
            freed += length;
        }

        return new GarbageCollectionResult(links, removed, freed, uploads.SweepExpired(), kept);
    }
}
