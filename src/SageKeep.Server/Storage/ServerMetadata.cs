using System.Data.Common;

namespace SageKeep.Server.Storage;

/// <summary>
/// Facts recorded when a data directory is first used. The account id is one: it is part of every
/// ARN the store will hold, so starting the same data with another account id is refused rather
/// than silently orphaning those resources.
/// </summary>
public static class ServerMetadata
{
    internal const string AccountIdName = "account_id";

    /// <summary>Records the account id on first start; later returns an error if it differs.</summary>
    public static Task<string?> EnsureAccountIdAsync(IStateStore store, string accountId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                var recorded = await ReadAsync(connection, transaction, AccountIdName, ct).ConfigureAwait(false);
                if (recorded is null)
                {
                    await using var insert = connection.CreateCommand(
                        "INSERT INTO server_metadata (name, value) VALUES (@name, @value)", transaction, ("@name", AccountIdName), ("@value", accountId));
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    return null;
                }

                return recorded == accountId
                    ? null
                    : $"account id {accountId} differs from {recorded}, the account this data directory was created with";
            },
            cancellationToken);
    }

    /// <summary>The account id the data directory was created with, or null before the first start.</summary>
    public static async Task<string?> ReadAccountIdAsync(IStateStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.InTransactionAsync(
            (connection, transaction, ct) => ReadAsync(connection, transaction, AccountIdName, ct),
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ReadAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand("SELECT value FROM server_metadata WHERE name = @name", transaction, ("@name", name));
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
