using System.Data.Common;
using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Objects;

internal sealed partial class EmbeddedObjectStore
{
    /// <summary>Creates the bucket; false when it exists already.</summary>
    public Task<bool> CreateBucketAsync(string name, string region, CancellationToken ct) =>
        _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    "INSERT INTO s3_buckets (name, created_at, region) SELECT @name, @created, @region WHERE NOT EXISTS (SELECT 1 FROM s3_buckets WHERE name = @name)",
                    transaction,
                    ("@name", name),
                    ("@created", Text(Now())),
                    ("@region", region));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    public async Task<BucketRecord?> GetBucketAsync(string name, CancellationToken ct)
    {
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT name, created_at, region, policy, policy_version, tags FROM s3_buckets WHERE name = @name", null, ("@name", name));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadBucket(reader) : null;
    }

    public async Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(CancellationToken ct)
    {
        var buckets = new List<BucketRecord>();
        await using var connection = await _store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT name, created_at, region, policy, policy_version, tags FROM s3_buckets ORDER BY name", null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            buckets.Add(ReadBucket(reader));
        }

        return buckets;
    }

    /// <summary>Deletes an empty bucket (its unfinished multipart uploads go with it).</summary>
    public async Task<BucketDeletion> DeleteBucketAsync(string name, CancellationToken ct)
    {
        var partBlobs = new List<string>();
        var outcome = await _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                if (await ScalarTextAsync(connection, transaction, "SELECT name FROM s3_buckets WHERE name = @name", token, ("@name", name)).ConfigureAwait(false) is null)
                {
                    return BucketDeletion.NoSuchBucket;
                }

                if (await ScalarTextAsync(connection, transaction, "SELECT object_key FROM s3_objects WHERE bucket = @name LIMIT 1", token, ("@name", name)).ConfigureAwait(false) is not null)
                {
                    return BucketDeletion.NotEmpty;
                }

                await using (var parts = connection.CreateCommand("SELECT p.blob_id FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = @name", transaction, ("@name", name)))
                await using (var reader = await parts.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        partBlobs.Add(reader.GetString(0));
                    }
                }

                await using (var uploads = connection.CreateCommand("DELETE FROM s3_uploads WHERE bucket = @name", transaction, ("@name", name)))
                {
                    await uploads.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var delete = connection.CreateCommand("DELETE FROM s3_buckets WHERE name = @name", transaction, ("@name", name));
                await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return BucketDeletion.Deleted;
            },
            ct).ConfigureAwait(false);
        partBlobs.ForEach(DeleteBlob);
        return outcome;
    }

    /// <summary>Sets (or with null removes) the bucket policy; false when there is no such bucket.</summary>
    public Task<bool> SetPolicyAsync(string name, string? policy, CancellationToken ct) =>
        UpdateBucketAsync("UPDATE s3_buckets SET policy = @value, policy_version = policy_version + 1 WHERE name = @name", name, policy, ct);

    /// <summary>Sets (or with null removes) the bucket tags; false when there is no such bucket.</summary>
    public Task<bool> SetTagsAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        UpdateBucketAsync("UPDATE s3_buckets SET tags = @value WHERE name = @name", name, tags is null ? null : Json(tags), ct);

    private Task<bool> UpdateBucketAsync(string sql, string name, string? value, CancellationToken ct) =>
        _store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(sql, transaction, ("@name", name), ("@value", value));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    private static BucketRecord ReadBucket(DbDataReader reader) => new(
        reader.GetString(0),
        ParseTime(reader.GetString(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
        reader.IsDBNull(5) ? null : ParseJson(reader.GetString(5)));
}
