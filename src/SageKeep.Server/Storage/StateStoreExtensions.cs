using System.Data.Common;

namespace SageKeep.Server.Storage;

/// <summary>Extensions that let data-access code read as SQL plus parameters.</summary>
public static class StateStoreExtensions
{
    public static Task InTransactionAsync(this IStateStore store, Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(work);
        return store.InTransactionAsync<bool>(
            async (connection, transaction, ct) =>
            {
                await work(connection, transaction, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Creates a command bound to the transaction, with <c>@name</c> parameters.</summary>
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL text is a constant of the caller; values travel only as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
