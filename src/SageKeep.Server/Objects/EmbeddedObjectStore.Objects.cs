using System.Data.Common;
using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Objects;

internal sealed partial class EmbeddedObjectStore
{
    private const string ObjectColumns = "bucket, object_key, blob_id, size, etag, last_modified, content_type, metadata, checksums";

    public async Task<ObjectRecord?> GetObjectAsync(string bucket, string key, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand($"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = @bucket AND object_key = @key", null, ("@bucket", bucket), ("@key", key));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadObject(reader) : null;
    }

    /// <summary>
    /// Reads an object's row and opens its blob. A writer may replace the object between the two steps
    /// (and delete the old blob); the row is then read again, so the reader gets the newer object.
    /// </summary>
    public async Task<(ObjectRecord Record, FileStream Content)?> OpenObjectAsync(string bucket, string key, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await GetObjectAsync(bucket, key, ct).ConfigureAwait(false) is not { } record)
            {
                return null;
            }

            if (OpenBlob(record.BlobId) is { } stream)
            {
                return (record, stream);
            }
        }

        return null;
    }

    /// <summary>
    /// Makes <paramref name="blob"/> the object under the key: the blob is moved into place, then the row is
    /// committed, then the blob it replaced is deleted. Null when the bucket does not exist (the blob is discarded).
    /// </summary>
    public async Task<ObjectRecord?> CommitObjectAsync(
        string bucket,
        string key,
        PendingBlob blob,
        string etag,
        string? contentType,
        IReadOnlyDictionary<string, string> metadata,
        IReadOnlyDictionary<string, string> checksums,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var blobId = Promote(blob);
        var record = new ObjectRecord(new StoredObjectInfo(bucket, key, blob.Size, etag, Now(), contentType, checksums), blobId, metadata);
        var (committed, replaced) = await CommitRowAsync(record, null, ct).ConfigureAwait(false);
        DeleteBlob(committed ? replaced : blobId);
        return committed ? record : null;
    }

    /// <summary>Deletes the object (deleting a missing key succeeds, as in S3); false when the bucket does not exist.</summary>
    public async Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken ct)
    {
        string? blobId = null;
        var exists = await _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                if (await ScalarTextAsync(connection, transaction, "SELECT name FROM s3_buckets WHERE name = @bucket", token, ("@bucket", bucket)).ConfigureAwait(false) is null)
                {
                    return false;
                }

                blobId = await ScalarTextAsync(connection, transaction, "SELECT blob_id FROM s3_objects WHERE bucket = @bucket AND object_key = @key", token, ("@bucket", bucket), ("@key", key)).ConfigureAwait(false);
                await using var command = connection.CreateCommand("DELETE FROM s3_objects WHERE bucket = @bucket AND object_key = @key", transaction, ("@bucket", bucket), ("@key", key));
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct).ConfigureAwait(false);
        DeleteBlob(blobId);
        return exists;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> objects with keys after <paramref name="after"/> (exclusive, null for
    /// the start) that begin with <paramref name="prefix"/>, in key order. SQLite compares TEXT as UTF-8
    /// bytes (BINARY collation), which is S3's order.
    /// </summary>
    public async Task<IReadOnlyList<ObjectRecord>> ListObjectsAsync(string bucket, string prefix, string? after, int limit, CancellationToken ct)
    {
        var from = after is not null && string.CompareOrdinal(after, prefix) >= 0 ? after : prefix;
        var inclusive = after is null || string.CompareOrdinal(after, prefix) < 0;
        var sql = $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = @bucket AND object_key {(inclusive ? ">=" : ">")} @from ORDER BY object_key LIMIT @limit";
        var records = new List<ObjectRecord>();
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql, null, ("@bucket", bucket), ("@from", from), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var record = ReadObject(reader);
            if (!record.Info.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>Inserts or replaces the object row (and optionally removes a finished upload) in one transaction.</summary>
    private Task<(bool Committed, string? Replaced)> CommitRowAsync(ObjectRecord record, string? completedUploadId, CancellationToken ct) =>
        _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var info = record.Info;
                if (await ScalarTextAsync(connection, transaction, "SELECT name FROM s3_buckets WHERE name = @bucket", token, ("@bucket", info.Bucket)).ConfigureAwait(false) is null)
                {
                    return (false, (string?)null);
                }

                var replaced = await ScalarTextAsync(connection, transaction, "SELECT blob_id FROM s3_objects WHERE bucket = @bucket AND object_key = @key", token, ("@bucket", info.Bucket), ("@key", info.Key)).ConfigureAwait(false);
                await using (var command = connection.CreateCommand(
                    $"INSERT INTO s3_objects ({ObjectColumns}) VALUES (@bucket, @key, @blob, @size, @etag, @modified, @type, @metadata, @checksums) " +
                    "ON CONFLICT (bucket, object_key) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag, last_modified = excluded.last_modified, " +
                    "content_type = excluded.content_type, metadata = excluded.metadata, checksums = excluded.checksums",
                    transaction,
                    ("@bucket", info.Bucket),
                    ("@key", info.Key),
                    ("@blob", record.BlobId),
                    ("@size", info.Size),
                    ("@etag", info.ETag),
                    ("@modified", Text(info.LastModified)),
                    ("@type", info.ContentType),
                    ("@metadata", Json(record.Metadata)),
                    ("@checksums", Json(info.Checksums))))
                {
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                if (completedUploadId is not null)
                {
                    await using var delete = connection.CreateCommand("DELETE FROM s3_uploads WHERE upload_id = @id", transaction, ("@id", completedUploadId));
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                return (true, replaced);
            },
            ct);

    private static ObjectRecord ReadObject(DbDataReader reader) => new(
        new StoredObjectInfo(
            reader.GetString(0),
            reader.GetString(1),
            Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
            reader.GetString(4),
            ParseTime(reader.GetString(5)),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            ParseJson(reader.GetString(8))),
        reader.GetString(2),
        ParseJson(reader.GetString(7)));
}
