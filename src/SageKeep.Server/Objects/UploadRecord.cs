namespace SageKeep.Server.Objects;

/// <summary>A multipart upload in progress: where it will land and what the object will carry.</summary>
internal sealed record UploadRecord(
    string UploadId,
    string Bucket,
    string Key,
    DateTimeOffset Initiated,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    string? ChecksumAlgorithm);
