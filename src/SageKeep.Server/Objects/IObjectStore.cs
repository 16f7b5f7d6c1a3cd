namespace SageKeep.Server.Objects;

/// <summary>
/// The object store the platform reads training data from and writes model artifacts to: the embedded
/// store (files in the data directory, metadata in the state store) or an external S3-compatible
/// endpoint. Objects stream; nothing here buffers a whole object.
/// </summary>
public interface IObjectStore
{
    Task<bool> BucketExistsAsync(string bucket, CancellationToken ct);

    /// <summary>The object's facts, or null when the bucket or the key does not exist.</summary>
    Task<StoredObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken ct);

    /// <summary>The object and a stream of its bytes (the caller disposes it), or null when it does not exist.</summary>
    Task<StoredObject?> OpenReadAsync(string bucket, string key, CancellationToken ct);

    /// <summary>Stores <paramref name="content"/> under the key atomically: readers see the old object or the new one, never a part.</summary>
    Task<StoredObjectInfo> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken ct);

    /// <summary>The objects whose keys start with <paramref name="prefix"/>, in S3 key order (UTF-8 bytes).</summary>
    IAsyncEnumerable<StoredObjectInfo> ListAsync(string bucket, string prefix, CancellationToken ct);
}
