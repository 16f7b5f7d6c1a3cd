using System.Data.Common;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Storage;

/// <summary>
/// Reads shared by the stores that keep a resource as one JSON document per row (training jobs, inference and
/// marketplace resources): documents selected by a query, whether a query finds a row, and the delete of a
/// kind-and-name row together with the resource's tags.
/// </summary>
internal static class JsonDocumentQueries
{
    /// <summary>The JSON objects in the first column of what <paramref name="sql"/> selects, in its order.</summary>
    public static async Task<List<JsonObject>> QueryDocumentsAsync(this IStateStore store, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<JsonObject>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (JsonNode.Parse(reader.GetString(0)) is JsonObject document)
            {
                list.Add(document);
            }
        }

        return list;
    }

    /// <summary>Whether <paramref name="sql"/> selects any row.</summary>
    public static async Task<bool> AnyAsync(this IStateStore store, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand(sql, null, parameters);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>
    /// Deletes the (kind, name) row of <paramref name="table"/> (a constant of the caller with kind, name and arn
    /// columns) and the resource's tags in one transaction, so a name used again starts without tags.
    /// </summary>
    public static Task<bool> DeleteWithTagsAsync(this IStateStore store, string table, string kind, string name, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using (var tags = connection.CreateCommand($"DELETE FROM sagemaker_tags WHERE arn IN (SELECT arn FROM {table} WHERE kind = @kind AND name = @name)", transaction, ("@kind", kind), ("@name", name)))
                {
                    await tags.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var command = connection.CreateCommand($"DELETE FROM {table} WHERE kind = @kind AND name = @name", transaction, ("@kind", kind), ("@name", name));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);
}
