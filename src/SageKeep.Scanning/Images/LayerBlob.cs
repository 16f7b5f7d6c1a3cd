namespace SageKeep.Scanning.Images;

/// <summary>
/// One layer to apply, in order. <paramref name="DigestOfUncompressed"/> is true for docker save archives,
/// whose layers are identified by the config's diff_ids (digests of the uncompressed tar) rather than by descriptors.
/// </summary>
internal sealed record LayerBlob(string RelativePath, BlobDigest Digest, long? Size, bool DigestOfUncompressed, string? MediaType);
