using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// Moves tags that earlier versions kept inside resource documents (inference <c>_Tags</c>, marketplace
/// <c>SageKeepTags</c>) into <c>sagemaker_tags</c>, once, at start and before requests are served: each document
/// loses the member in the transaction that writes its tags, so a restart midway repeats nothing.
/// </summary>
internal sealed class SageMakerTagImport(IStateStore store) : IHostedService
{
    private static readonly (string Table, string Member)[] Sources =
    [
        ("inference_resources", "_Tags"),
        ("marketplace_resources", "SageKeepTags"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (table, member) in Sources)
        {
            await ImportAsync(table, member, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task ImportAsync(string table, string member, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                var rows = new List<(string Kind, string Name, string Arn, JsonObject Document)>();
                // The table names are constants of this class, never input.
                await using (var read = connection.CreateCommand($"SELECT kind, name, arn, document FROM {table} WHERE document LIKE @member", transaction, ("@member", $"%\"{member}\"%")))
                await using (var reader = await read.ExecuteReaderAsync(token).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        if (JsonNode.Parse(reader.GetString(3)) is JsonObject document && document.ContainsKey(member))
                        {
                            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), document));
                        }
                    }
                }

                foreach (var (kind, name, arn, document) in rows)
                {
                    var tags = (document[member] as JsonArray ?? []).OfType<JsonObject>()
                        .GroupBy(t => InputValues.GetString(t["Key"]) ?? string.Empty, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => InputValues.GetString(g.Last()["Value"]) ?? string.Empty, StringComparer.Ordinal);
                    await SageMakerTagStore.WriteAsync(connection, transaction, arn, tags, token).ConfigureAwait(false);
                    document.Remove(member);
                    await using var write = connection.CreateCommand(
                        $"UPDATE {table} SET document = @document WHERE kind = @kind AND name = @name",
                        transaction,
                        ("@document", document.ToJsonString()),
                        ("@kind", kind),
                        ("@name", name));
                    await write.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            },
            ct));
}
