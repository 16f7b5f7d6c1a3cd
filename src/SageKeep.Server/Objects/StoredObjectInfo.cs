namespace SageKeep.Server.Objects;

/// <summary>
/// One object's facts. <paramref name="ETag"/> is S3's, quoted (<c>"md5hex"</c>, or <c>"md5-of-md5s-N"</c>
/// for multipart objects); <paramref name="Checksums"/> maps an algorithm (<c>crc32</c>, <c>sha256</c>...)
/// to its base64 value.
/// </summary>
public sealed record StoredObjectInfo(
    string Bucket,
    string Key,
    long Size,
    string ETag,
    DateTimeOffset LastModified,
    string? ContentType,
    IReadOnlyDictionary<string, string> Checksums);
