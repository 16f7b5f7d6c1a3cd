using System.Data.Common;
using System.Globalization;

namespace SageKeep.Server.Storage;

/// <summary>
/// Applies pending migrations, each in its own transaction together with its row in
/// <c>schema_migrations</c>: a crash leaves a migration either fully applied and recorded or not at
/// all. Two servers starting at once serialise on the store's write lock and re-check inside it.
/// </summary>
public static class MigrationRunner
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /// <summary>Returns the migrations applied by this call (empty when the schema was current).</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(IStateStore store, IReadOnlyList<Migration> migrations, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(time);

        var applied = new List<Migration>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            var ran = await store.InTransactionAsync(
                async (connection, transaction, ct) =>
                {
                    await ExecuteAsync(connection, transaction, CreateTable, ct).ConfigureAwait(false);
                    await using (var check = connection.CreateCommand("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", transaction, ("@version", migration.Version)))
                    {
                        if (Convert.ToInt64(await check.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                        {
                            return false;
                        }
                    }

                    await ExecuteAsync(connection, transaction, migration.Sql, ct).ConfigureAwait(false);
                    await using var record = connection.CreateCommand(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                        transaction,
                        ("@version", migration.Version),
                        ("@name", migration.Name),
                        ("@appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
                    await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            if (ran)
            {
                applied.Add(migration);
            }
        }

        return applied;
    }

    /// <summary>The versions recorded as applied, ascending.</summary>
    public static async Task<IReadOnlyList<int>> AppliedVersionsAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, CreateTable, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT version FROM schema_migrations ORDER BY version", null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
