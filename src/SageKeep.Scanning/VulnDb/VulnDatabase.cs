using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// The offline vulnerability database: one SQLite file (default <c>.sagekeep/vulndb.sqlite</c> in the data
/// directory). Imports run in one transaction each, so a failed or interrupted import leaves the previous
/// contents intact (SQLite's rollback journal/WAL also covers a killed process).
/// </summary>
public sealed partial class VulnDatabase : IAsyncDisposable, IDisposable
{
    public const string DefaultFileName = "vulndb.sqlite";

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;

    private VulnDatabase(SqliteConnection connection, TimeProvider time, string path)
    {
        _connection = connection;
        _time = time;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The schema version this build writes and reads.</summary>
    public static int SchemaVersion => VulnDbSchema.Version;

    /// <summary>
    /// Opens (creating when missing) the database at <paramref name="path"/>. Fails with a message when the
    /// file is not a SQLite database or was written by a newer schema.
    /// </summary>
    public static async Task<(VulnDatabase? Database, string? Error)> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;", cancellationToken).ConfigureAwait(false);
            var stored = await ReadSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (stored > VulnDbSchema.Version)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return (null, $"{path}: database schema version {stored} is newer than this build's ({VulnDbSchema.Version})");
            }

            if (stored == 1)
            {
                await ExecuteAsync(connection, VulnDbSchema.UpgradeFrom1, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, VulnDbSchema.Create
                + $"INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '{VulnDbSchema.Version}');", cancellationToken).ConfigureAwait(false);
            return (new VulnDatabase(connection, time, path), null);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return (null, $"{path}: not a usable vulnerability database: {e.Message}");
        }
    }

    public void Dispose()
    {
        DisposePrepared();
        _connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        DisposePrepared();
        return _connection.DisposeAsync();
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is string text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR "no such table": a new, empty database.
            return 0;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
