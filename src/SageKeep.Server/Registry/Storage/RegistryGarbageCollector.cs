namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// Removes what no repository references: blob links no manifest uses (after a grace period, so a push in
/// progress keeps its layers), then blob files whose reference count is zero, then idle upload sessions.
/// A blob is only deleted when it is both unreferenced and older than the grace period, so a blob that a
/// concurrent push is about to link survives. Each candidate is checked again (its write time and its reference
/// count in the state store) right before its file goes, so a push that re-uploaded or linked it while the
/// collection ran keeps it.
/// </summary>
internal sealed class RegistryGarbageCollector(RegistryStore store, BlobStore blobs, UploadSessions uploads, TimeProvider time)
{
    public async Task<GarbageCollectionResult> CollectAsync(TimeSpan gracePeriod, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - gracePeriod;
        var links = await store.UnlinkUnreferencedBlobsAsync(cutoff, ct).ConfigureAwait(false);
        var referenced = await store.ReferencedDigestsAsync(ct).ConfigureAwait(false);
        var removed = new List<(string Digest, long Bytes)>();
        var kept = 0;
        foreach (var (digest, written, length) in blobs.Enumerate().ToList())
        {
            if (referenced.Contains(digest) || written > cutoff.UtcDateTime || !await StillCollectableAsync(digest, cutoff, ct).ConfigureAwait(false))
            {
                kept++;
                continue;
            }

            blobs.Delete(digest);
            removed.Add((digest, length));
        }

        return new GarbageCollectionResult(links, removed, uploads.SweepExpired(), kept);
    }

    /// <summary>The blob is still old (not re-uploaded since the listing) and still unreferenced (not linked since).</summary>
    private async Task<bool> StillCollectableAsync(string digest, DateTimeOffset cutoff, CancellationToken ct)
    {
        var file = new FileInfo(blobs.PathOf(digest));
        return file.Exists
            && file.LastWriteTimeUtc <= cutoff.UtcDateTime
            && await store.ReferenceCountAsync(digest, ct).ConfigureAwait(false) == 0;
    }
}
