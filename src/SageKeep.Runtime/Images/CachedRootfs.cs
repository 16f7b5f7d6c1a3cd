namespace SageKeep.Runtime.Images;

/// <summary>An unpacked image in the cache: its digest, the read-only root filesystem directory and its start-up config.</summary>
public sealed record CachedRootfs(string Digest, string RootfsPath, ImageConfig Config);
