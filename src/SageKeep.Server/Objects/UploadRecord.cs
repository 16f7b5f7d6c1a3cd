namespace SageKeep.Server.Objects;

/// <summary>
/// A multipart upload in progress: where it will land and what the object will carry. <see cref="ChecksumType"/>
/// is <c>COMPOSITE</c> (a checksum of the parts' checksums, "-N") or <c>FULL_OBJECT</c> when an algorithm is set.
/// </summary>
internal sealed record UploadRecord(
    string UploadId,
    string Bucket,
    string Key,
    DateTimeOffset Initiated,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    string? ChecksumAlgorithm,
    string? ChecksumType = null);
