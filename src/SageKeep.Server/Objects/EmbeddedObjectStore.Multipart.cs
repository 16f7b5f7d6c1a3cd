using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Objects;

internal sealed partial class EmbeddedObjectStore
{
    /// <summary>Starts a multipart upload; null when the bucket does not exist.</summary>
    public async Task<UploadRecord?> CreateUploadAsync(string bucket, string key, string? contentType, IReadOnlyDictionary<string, string> metadata, string? checksumAlgorithm, string? checksumType, CancellationToken ct)
    {
        // 32 random bytes in URL-safe base64: unguessable, so an upload id is as good as a capability.
        var uploadId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var upload = new UploadRecord(uploadId, bucket, key, Now(), contentType, metadata, checksumAlgorithm, checksumType);
        var created = await _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                if (await ScalarTextAsync(connection, transaction, "SELECT name FROM s3_buckets WHERE name = @bucket", token, ("@bucket", bucket)).ConfigureAwait(false) is null)
                {
                    return false;
                }

                await using var command = connection.CreateCommand(
                    "INSERT INTO s3_uploads (upload_id, bucket, object_key, initiated, content_type, metadata, checksum_algorithm, checksum_type) VALUES (@id, @bucket, @key, @initiated, @type, @metadata, @checksum, @checksumType)",
                    transaction,
                    ("@id", uploadId),
                    ("@bucket", bucket),
                    ("@key", key),
                    ("@initiated", Text(upload.Initiated)),
                    ("@type", contentType),
                    ("@metadata", Json(metadata)),
                    ("@checksum", checksumAlgorithm),
                    ("@checksumType", checksumType));
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct).ConfigureAwait(false);
        return created ? upload : null;
    }

    public async Task<UploadRecord?> GetUploadAsync(string uploadId, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            "SELECT upload_id, bucket, object_key, initiated, content_type, metadata, checksum_algorithm, checksum_type FROM s3_uploads WHERE upload_id = @id", null, ("@id", uploadId));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadUpload(reader) : null;
    }

    /// <summary>The bucket's unfinished uploads, by key then initiation time.</summary>
    public async Task<IReadOnlyList<UploadRecord>> ListUploadsAsync(string bucket, string prefix, CancellationToken ct)
    {
        var uploads = new List<UploadRecord>();
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            "SELECT upload_id, bucket, object_key, initiated, content_type, metadata, checksum_algorithm, checksum_type FROM s3_uploads WHERE bucket = @bucket AND object_key >= @prefix ORDER BY object_key, initiated LIMIT 10000",
            null,
            ("@bucket", bucket),
            ("@prefix", prefix));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var upload = ReadUpload(reader);
            if (!upload.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                break;
            }

            uploads.Add(upload);
        }

        return uploads;
    }

    /// <summary>Stores one part (replacing a part with the same number); null when the upload is gone.</summary>
    public async Task<PartRecord?> CommitPartAsync(string uploadId, int partNumber, PendingBlob blob, IReadOnlyDictionary<string, string> checksums, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var blobId = Promote(blob);
        var part = new PartRecord(partNumber, blobId, blob.Size, blob.ETag, Now(), checksums);
        string? replaced = null;
        var stored = await _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                if (await ScalarTextAsync(connection, transaction, "SELECT upload_id FROM s3_uploads WHERE upload_id = @id", token, ("@id", uploadId)).ConfigureAwait(false) is null)
                {
                    return false;
                }

                replaced = await ScalarTextAsync(connection, transaction, "SELECT blob_id FROM s3_parts WHERE upload_id = @id AND part_number = @number", token, ("@id", uploadId), ("@number", partNumber)).ConfigureAwait(false);
                await using var command = connection.CreateCommand(
                    "INSERT INTO s3_parts (upload_id, part_number, blob_id, size, etag, last_modified, checksums) VALUES (@id, @number, @blob, @size, @etag, @modified, @checksums) " +
                    "ON CONFLICT (upload_id, part_number) DO UPDATE SET blob_id = excluded.blob_id, size = excluded.size, etag = excluded.etag, last_modified = excluded.last_modified, checksums = excluded.checksums",
                    transaction,
                    ("@id", uploadId),
                    ("@number", partNumber),
                    ("@blob", blobId),
                    ("@size", part.Size),
                    ("@etag", part.ETag),
                    ("@modified", Text(part.LastModified)),
                    ("@checksums", Json(checksums)));
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct).ConfigureAwait(false);
        DeleteBlob(stored ? replaced : blobId);
        return stored ? part : null;
    }

    public async Task<IReadOnlyList<PartRecord>> ListPartsAsync(string uploadId, CancellationToken ct)
    {
        var parts = new List<PartRecord>();
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            "SELECT part_number, blob_id, size, etag, last_modified, checksums FROM s3_parts WHERE upload_id = @id ORDER BY part_number", null, ("@id", uploadId));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            parts.Add(new PartRecord(
                Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.GetString(1),
                Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                reader.GetString(3),
                ParseTime(reader.GetString(4)),
                ParseJson(reader.GetString(5))));
        }

        return parts;
    }

    /// <summary>Copies the chosen parts, in order, into one new temporary blob (streamed, never held whole).</summary>
    public async Task<PendingBlob?> AssembleAsync(IReadOnlyList<PartRecord> parts, IEnumerable<string> checksumAlgorithms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sink = CreateSink(checksumAlgorithms, computeSha256: false, MaxObjectBytes);
        await using (sink.ConfigureAwait(false))
        {
            foreach (var part in parts)
            {
                await using var source = OpenBlob(part.BlobId);
                if (source is null)
                {
                    return null;
                }

                await source.CopyToAsync(sink, 1024 * 1024, ct).ConfigureAwait(false);
            }

            return await sink.CompleteAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Commits an assembled upload as the object and forgets the upload, in one transaction; then deletes the
    /// replaced object's blob and every part blob. Null when the bucket or the upload vanished meanwhile.
    /// </summary>
    public async Task<ObjectRecord?> CompleteUploadAsync(UploadRecord upload, PendingBlob blob, string etag, IReadOnlyDictionary<string, string> checksums, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(blob);
        var parts = await ListPartsAsync(upload.UploadId, ct).ConfigureAwait(false);
        var blobId = Promote(blob);
        var record = new ObjectRecord(new StoredObjectInfo(upload.Bucket, upload.Key, blob.Size, etag, Now(), upload.ContentType, checksums), blobId, upload.Metadata);
        var (committed, replaced) = await CommitRowAsync(record, upload.UploadId, ct).ConfigureAwait(false);
        DeleteBlob(committed ? replaced : blobId);
        if (committed)
        {
            foreach (var part in parts)
            {
                DeleteBlob(part.BlobId);
            }
        }

        return committed ? record : null;
    }

    /// <summary>Aborts an upload and deletes its parts; false when there is no such upload.</summary>
    public async Task<bool> AbortUploadAsync(string uploadId, CancellationToken ct)
    {
        var parts = await ListPartsAsync(uploadId, ct).ConfigureAwait(false);
        var removed = await _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand("DELETE FROM s3_uploads WHERE upload_id = @id", transaction, ("@id", uploadId));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct).ConfigureAwait(false);
        if (removed)
        {
            foreach (var part in parts)
            {
                DeleteBlob(part.BlobId);
            }
        }

        return removed;
    }

    private static UploadRecord ReadUpload(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        ParseTime(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        ParseJson(reader.GetString(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7));
}
