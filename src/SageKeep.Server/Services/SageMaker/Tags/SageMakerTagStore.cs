using System.Collections.Concurrent;
using System.Data.Common;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// The tags of every SageMaker resource in <c>sagemaker_tags</c>, keyed by ARN. The resource stores remove a
/// resource's tags in the transaction that deletes it, so a name used again starts without tags.
/// <para>
/// <see cref="GetAsync"/> (read for <c>aws:ResourceTag/k</c> on every call that names a SageMaker resource, such as
/// each InvokeEndpoint) is cached per ARN in this process, at most <see cref="CacheCapacity"/> ARNs (emptied when
/// full). Each entry carries the generation it was read under; every write of <c>sagemaker_tags</c> (this class's,
/// and the resource stores' deletes through <see cref="AfterTagWriteAsync{T}"/>) starts a new generation once it has
/// committed, so the next request reads the tags again. The generation is read before the rows, so a read racing
/// a write can only store an entry that is already out of date. The generation is process-wide (several servers in
/// one process only invalidate each other more often).
/// </para>
/// </summary>
internal sealed class SageMakerTagStore(IStateStore store)
{
    /// <summary>How many ARNs the tag cache holds at most.</summary>
    public const int CacheCapacity = 10_000;

    private static long s_generation;

    private readonly ConcurrentDictionary<string, CachedTags> _cache = new(StringComparer.Ordinal);

    /// <summary>The tags of one resource, ordered by key (empty when it has none). Callers must not change the answer.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(string arn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var generation = Volatile.Read(ref s_generation);
        if (_cache.TryGetValue(arn, out var cached) && cached.Generation == generation)
        {
            return cached.Tags;
        }

        var tags = await ReadAsync(arn, ct).ConfigureAwait(false);
        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }

        _cache[arn] = new CachedTags(generation, tags);
        return tags;
    }

    /// <summary>
    /// Awaits a write that changed <c>sagemaker_tags</c> (committed or failed) and then invalidates every cached
    /// answer of <see cref="GetAsync"/>: the resource stores wrap their deletes in it.
    /// </summary>
    public static async Task<T> AfterTagWriteAsync<T>(Task<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await write.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Increment(ref s_generation);
        }
    }

    /// <summary>The same for a write without a result.</summary>
    public static async Task AfterTagWriteAsync(Task write) =>
        await AfterTagWriteAsync(WithResult(write)).ConfigureAwait(false);

    private static async Task<bool> WithResult(Task write)
    {
        await write.ConfigureAwait(false);
        return true;
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadAsync(string arn, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand("SELECT tag_key, tag_value FROM sagemaker_tags WHERE arn = @arn ORDER BY tag_key", null, ("@arn", arn));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            tags[reader.GetString(0)] = reader.GetString(1);
        }

        return tags.AsReadOnly();
    }

    /// <summary>The tags a resource is created with: whatever the ARN had before is dropped.</summary>
    public Task ReplaceAsync(string arn, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using (var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn", transaction, ("@arn", arn)))
                {
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await WriteAsync(connection, transaction, arn, tags ?? new Dictionary<string, string>(), token).ConfigureAwait(false);
            },
            ct));

    /// <summary>
    /// Adds or overwrites tags in one transaction, unless the resource would then carry more than
    /// <paramref name="limit"/>: false and nothing changed.
    /// </summary>
    public Task<bool> AddAsync(string arn, IReadOnlyDictionary<string, string> tags, int limit, CancellationToken ct) =>
        AfterTagWriteAsync(store.InTransactionAsync(
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
            ct));

    /// <summary>Removes the named keys; keys the resource does not have are ignored.</summary>
    public Task DeleteAsync(string arn, IEnumerable<string> keys, CancellationToken ct) =>
        AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                foreach (var key in keys)
                {
                    await using var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn AND tag_key = @key", transaction, ("@arn", arn), ("@key", key));
                    await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            },
            ct));


    /// <summary>
    /// The tags a resource is created with, inside the transaction that inserts it (so a resource never exists
    /// without the tags it was created with): whatever the ARN had before is dropped. The caller wraps the
    /// transaction in <see cref="AfterTagWriteAsync{T}"/>.
    /// </summary>
    internal static async Task ReplaceInTransactionAsync(DbConnection connection, DbTransaction transaction, string arn, IReadOnlyDictionary<string, string>? tags, CancellationToken ct)
    {
        await using (var delete = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn = @arn", transaction, ("@arn", arn)))
        {
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await WriteAsync(connection, transaction, arn, tags ?? new Dictionary<string, string>(), ct).ConfigureAwait(false);
    }

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

    private sealed record CachedTags(long Generation, IReadOnlyDictionary<string, string> Tags);
}
