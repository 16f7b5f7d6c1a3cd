using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace SageKeep.Server.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data directory. Durability settings (SQLite docs,
/// "Write-Ahead Logging" and "PRAGMA synchronous"): WAL journal, synchronous=FULL so a commit is on
/// disk before it returns, even across power loss; a busy timeout so writers queue instead of failing.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    /// <summary>How long a writer waits for another writer's lock before failing (SQLITE_BUSY).</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    // Applied once per physical connection: these pragmas are per connection (journal_mode is per database file) and
    // stay set while the pool keeps the connection open; nothing in this store changes them afterwards.
    private const string ConnectionPragmas =
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";

    private readonly string _connectionString;

    // The native connections (pooled, reused by later opens) whose pragmas are set: a pooled open then runs no SQL.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = [];

    public SqliteStateStore(string databasePath)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public string Dialect => "sqlite";

    public string DatabasePath { get; }

    /// <summary>Switches the file to WAL once; the journal mode persists in the database file.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand("PRAGMA journal_mode=WAL;", null);
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
        }
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection.Handle is not { } handle || !_prepared.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand(ConnectionPragmas, null);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (connection.Handle is { } opened)
                {
                    _prepared.AddOrUpdate(opened, this);
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is taken up front, so two
        // writers queue on the busy timeout instead of deadlocking on a read-to-write upgrade.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Closes pooled connections so the files can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
