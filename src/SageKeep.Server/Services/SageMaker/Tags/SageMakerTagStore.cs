using System.Data.Common;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// The tags of every SageMaker resource in <c>sagemaker_tags</c>, keyed by ARN. The resource stores remove a
/// resource's tags in the transaction that deletes it, so a name used again starts without tags.
/// </summary>
internal sealed class SageMakerTagStore(IStateStore store)
{
    /// <summary>The tags of one resource, ordered by key (empty when it has none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(string arn, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand("SELECT tag_key, tag_value FROM sagemaker_tags WHERE arn = @arn ORDER BY tag_key", null, ("@arn", arn));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            tags[reader.GetString(0)] = reader.GetString(1);
        }

        return tags;
    }

    /// <summary>The tags a resource is created with: whatever the ARN had before is dropped.</summary>
    public Task ReplaceAsync(string arn, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using (var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn", transaction, ("@arn", arn)))
                {
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await WriteAsync(connection, transaction, arn, tags ?? new Dictionary<string, string>(), token).ConfigureAwait(false);
            },
            ct);

    /// <summary>
    /// Adds or overwrites tags in one transaction, unless the resource would then carry more than
    /// <paramref name="limit"/>: false and nothing changed.
    /// </summary>
    public Task<bool> AddAsync(string arn, IReadOnlyDictionary<string, string> tags, int limit, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var keys = new HashSet<string>(tags.Keys, StringComparer.Ordinal);
                await using (var read = connection.CreateCommand("SELECT tag_key FROM sagemaker_tags WHERE arn = @arn", transaction, ("@arn", arn)))
                await using (var reader = await read.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        keys.Add(reader.GetString(0));
                    }
                }

                if (keys.Count > limit)
                {
                    return false;
                }

                await WriteAsync(connection, transaction, arn, tags, token).ConfigureAwait(false);
                return true;
            },
            ct);

    /// <summary>Removes the named keys; keys the resource does not have are ignored.</summary>
    public Task DeleteAsync(string arn, IEnumerable<string> keys, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                foreach (var key in keys)
                {
                    await using var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn AND tag_key = @key", transaction, ("@arn", arn), ("@key", key));
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            },
            ct);


    /// <summary>Inserts or overwrites tags inside the caller's transaction.</summary>
    internal static async Task WriteAsync(DbConnection connection, DbTransaction transaction, string arn, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        foreach (var (key, value) in tags)
        {
            await using (var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn AND tag_key = @key", transaction, ("@arn", arn), ("@key", key)))
            {
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using var insert = connection.CreateCommand(
                "INSERT INTO sagemaker_tags (arn, tag_key, tag_value) VALUES (@arn, @key, @value)",
                transaction,
                ("@arn", arn),
                ("@key", key),
                ("@value", value));
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
