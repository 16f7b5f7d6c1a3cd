using System.Data.Common;

namespace SageKeep.Server.Storage;

/// <summary>
/// The state store contract: plain SQL over ADO.NET connections. Statements use <c>@name</c>
/// parameters and the SQL subset SQLite and PostgreSQL share (TEXT, INTEGER/BIGINT, BLOB vs BYTEA
/// aside), so a PostgreSQL implementation can serve the same data-access code; what differs per
/// engine (pragmas, locking) stays inside each implementation.
/// </summary>
public interface IStateStore
{
    /// <summary>"sqlite" or "postgresql": lets the rare dialect-specific statement pick its text.</summary>
    string Dialect { get; }

    /// <summary>Opens a connection with the engine's durability settings applied; the caller disposes it.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits when it returns; any exception
    /// rolls everything back. Commit returns only once the change is durable.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
