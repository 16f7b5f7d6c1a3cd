namespace SageKeep.Server.Registry;

/// <summary>What a registry garbage collection removed (each blob and its size) and kept.</summary>
public sealed record RegistryGcReport(IReadOnlyList<RegistryGcBlob> Removed, long BytesFreed, int LinksRemoved, int UploadsRemoved, int BlobsKept)
{
    public int BlobsRemoved => Removed.Count;
}

/// <summary>One blob a garbage collection deleted.</summary>
public sealed record RegistryGcBlob(string Digest, long Bytes);
