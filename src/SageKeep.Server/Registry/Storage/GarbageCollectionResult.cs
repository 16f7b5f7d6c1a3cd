namespace SageKeep.Server.Registry.Storage;

/// <summary>What one garbage collection removed.</summary>
internal sealed record GarbageCollectionResult(int LinksRemoved, int BlobsRemoved, long BytesFreed, int UploadsRemoved, int BlobsKept);
