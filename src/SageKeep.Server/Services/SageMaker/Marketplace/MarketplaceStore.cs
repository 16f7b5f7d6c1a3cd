using System.Data.Common;
using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Algorithms, model package groups and model packages as one JSON document per resource in
/// <c>marketplace_resources</c>. A versioned model package's row is named <c>group/version</c> and carries the
/// group and version columns; an unversioned one is named by its ModelPackageName.
/// </summary>
internal sealed partial class MarketplaceStore(IStateStore store) : ITaggableResources
{
    public const string Algorithm = "algorithm";

    public const string ModelPackageGroup = "model-package-group";

    public const string ModelPackage = "model-package";

    public Task<bool> AddAsync(string kind, string name, string arn, string status, DateTimeOffset created, JsonObject document, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    INSERT INTO marketplace_resources (kind, name, arn, group_name, version, status, created_at, document)
                    SELECT @kind, @name, @arn, NULL, NULL, @status, @created, @document
                    WHERE NOT EXISTS (SELECT 1 FROM marketplace_resources WHERE kind = @kind AND name = @name)
                    """,
                    transaction,
                    ("@kind", kind),
                    ("@name", name),
                    ("@arn", arn),
                    ("@status", status),
                    ("@created", RegistryStore.Text(created)),
                    ("@document", document.ToJsonString()));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    public Task UpdateAsync(string kind, string name, string status, JsonObject document, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    "UPDATE marketplace_resources SET status = @status, document = @document WHERE kind = @kind AND name = @name",
                    transaction,
                    ("@kind", kind),
                    ("@name", name),
                    ("@status", status),
                    ("@document", document.ToJsonString()));
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            },
            ct);

    public Task<bool> DeleteAsync(string kind, string name, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                // The resource's tags go with it, so a name used again starts without tags.
                await using (var tags = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn IN (SELECT arn FROM marketplace_resources WHERE kind = @kind AND name = @name)", transaction, ("@kind", kind), ("@name", name)))
                {
                    await tags.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var command = connection.CreateCommand("DELETE FROM marketplace_resources WHERE kind = @kind AND name = @name", transaction, ("@kind", kind), ("@name", name));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct));

    public async Task<JsonObject?> GetAsync(string kind, string nameOrArn, CancellationToken ct) =>
        (await QueryAsync("SELECT document FROM marketplace_resources WHERE kind = @kind AND (name = @name OR arn = @name)", ct, ("@kind", kind), ("@name", nameOrArn)).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>Whether the ARN names one of these resources (for the tag operations).</summary>
    public async Task<bool> ExistsAsync(string arn, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand("SELECT 1 FROM marketplace_resources WHERE arn = @arn", null, ("@arn", arn));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>Every resource of a kind, oldest first.</summary>
    public Task<List<JsonObject>> ListAsync(string kind, CancellationToken ct) =>
        QueryAsync("SELECT document FROM marketplace_resources WHERE kind = @kind ORDER BY created_at, name", ct, ("@kind", kind));

    private async Task<List<JsonObject>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
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
}
