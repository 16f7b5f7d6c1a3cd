namespace SageKeep.Server.Registry;

/// <summary>What a registry garbage collection removed and kept.</summary>
public sealed record RegistryGcReport(int BlobsRemoved, long BytesFreed, int LinksRemoved, int UploadsRemoved, int BlobsKept);
