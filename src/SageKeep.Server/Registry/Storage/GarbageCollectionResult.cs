namespace SageKeep.Server.Registry.Storage;

/// <summary>What one garbage collection removed: each blob with its size, links, idle uploads; and how many blobs it kept.</summary>
internal sealed record GarbageCollectionResult(int LinksRemoved, IReadOnlyList<(string Digest, long Bytes)> Removed, int UploadsRemoved, int BlobsKept)
{
    public int BlobsRemoved => Removed.Count;

    public long BytesFreed => Removed.Sum(r => r.Bytes);
}
