using System.Data.Common;
using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// The registry's metadata in the state store: repositories, which blobs each repository holds, manifests
/// and what they reference, tags and scans. Every change that spans rows runs in one transaction, so a
/// failed push leaves nothing half-written.
/// </summary>
internal sealed partial class RegistryStore(IStateStore store, TimeProvider time)
{
    public TimeProvider Time => time;

    public Task<bool> CreateRepositoryAsync(RepositoryInfo repository, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    INSERT INTO registry_repositories (name, created_at, tag_mutability, scan_on_push, policy_text)
                    SELECT @name, @created, @mutability, @scan, NULL
                    WHERE NOT EXISTS (SELECT 1 FROM registry_repositories WHERE name = @name)
                    """,
                    transaction,
                    ("@name", repository.Name),
                    ("@created", Text(repository.CreatedAt)),
                    ("@mutability", repository.ImmutableTags ? "IMMUTABLE" : "MUTABLE"),
                    ("@scan", repository.ScanOnPush ? 1 : 0));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    public async Task<RepositoryInfo?> GetRepositoryAsync(string name, CancellationToken ct) =>
        (await QueryAsync("SELECT name, created_at, tag_mutability, scan_on_push, policy_text FROM registry_repositories WHERE name = @name", ReadRepository, ct, ("@name", name)).ConfigureAwait(false))
        .FirstOrDefault();

    public Task<List<RepositoryInfo>> ListRepositoriesAsync(CancellationToken ct) =>
        QueryAsync("SELECT name, created_at, tag_mutability, scan_on_push, policy_text FROM registry_repositories ORDER BY name", ReadRepository, ct);

    public Task<bool> UpdateRepositoryAsync(string name, bool? scanOnPush, bool? immutableTags, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    UPDATE registry_repositories
                    SET scan_on_push = COALESCE(@scan, scan_on_push), tag_mutability = COALESCE(@mutability, tag_mutability)
                    WHERE name = @name
                    """,
                    transaction,
                    ("@name", name),
                    ("@scan", scanOnPush is null ? null : scanOnPush.Value ? 1 : 0),
                    ("@mutability", immutableTags is null ? null : immutableTags.Value ? "IMMUTABLE" : "MUTABLE"));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    public Task<bool> SetPolicyAsync(string name, string? policyText, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    "UPDATE registry_repositories SET policy_text = @policy WHERE name = @name", transaction, ("@name", name), ("@policy", policyText));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    /// <summary>Deletes a repository; without <paramref name="force"/> only when it holds no image. Null when it does not exist.</summary>
    public Task<RepositoryDeletion> DeleteRepositoryAsync(string name, bool force, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using (var exists = connection.CreateCommand("SELECT COUNT(*) FROM registry_repositories WHERE name = @name", transaction, ("@name", name)))
                {
                    if (Convert.ToInt64(await exists.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
                    {
                        return RepositoryDeletion.NotFound;
                    }
                }

                await using (var images = connection.CreateCommand("SELECT COUNT(*) FROM registry_manifests WHERE repository = @name", transaction, ("@name", name)))
                {
                    if (!force && Convert.ToInt64(await images.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                    {
                        return RepositoryDeletion.NotEmpty;
                    }
                }

                foreach (var table in (string[])["registry_tags", "registry_manifest_refs", "registry_manifests", "registry_blob_links", "registry_scans"])
                {
                    await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE repository = @name", token, ("@name", name)).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, transaction, "DELETE FROM registry_repositories WHERE name = @name", token, ("@name", name)).ConfigureAwait(false);
                return RepositoryDeletion.Deleted;
            },
            ct);

    public Task LinkBlobAsync(string repository, string digest, long size, CancellationToken ct) =>
        store.InTransactionAsync(
            (connection, transaction, token) => ExecuteAsync(
                connection,
                transaction,
                """
                INSERT INTO registry_blob_links (repository, digest, size, created_at)
                SELECT @repo, @digest, @size, @created
                WHERE NOT EXISTS (SELECT 1 FROM registry_blob_links WHERE repository = @repo AND digest = @digest)
                """,
                token,
                ("@repo", repository),
                ("@digest", digest),
                ("@size", size),
                ("@created", Text(time.GetUtcNow()))),
            ct);

    /// <summary>The blob's size when the repository holds it (uploaded, mounted, or a stored manifest).</summary>
    public async Task<long?> FindBlobAsync(string repository, string digest, CancellationToken ct)
    {
        var sizes = await QueryAsync(
            """
            SELECT size FROM registry_blob_links WHERE repository = @repo AND digest = @digest
            UNION ALL SELECT size FROM registry_manifests WHERE repository = @repo AND digest = @digest
            """,
            r => r.GetInt64(0),
            ct,
            ("@repo", repository),
            ("@digest", digest)).ConfigureAwait(false);
        return sizes.Count > 0 ? sizes[0] : null;
    }

    private static RepositoryInfo ReadRepository(DbDataReader reader) =>
        new(reader.GetString(0), Parse(reader.GetString(1)), reader.GetString(2) == "IMMUTABLE", reader.GetInt64(3) != 0, reader.IsDBNull(4) ? null : reader.GetString(4));

    internal static string Text(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(map(reader));
        }

        return list;
    }
}
