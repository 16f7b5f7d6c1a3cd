namespace SageKeep.Server.Objects;

/// <summary>One uploaded part of a multipart upload.</summary>
internal sealed record PartRecord(
    int PartNumber,
    string BlobId,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Checksums);
