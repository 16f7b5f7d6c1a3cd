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

    public Task<bool> AddAsync(string kind, string name, string arn, string status, DateTimeOffset created, JsonObject document, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    INSERT INTO marketplace_resources (kind, name, arn, group_name, version, status, created_at, document)
                    SELECT @kind, @name, @arn, NULL, NULL, @status, @created, @document
                    WHERE NOT EXISTS (SELECT 1 FROM marketplace_resources WHERE kind = @kind AND (name = @name OR arn = @arn))
                    """,
                    transaction,
                    ("@kind", kind),
                    ("@name", name),
                    ("@arn", arn),
                    ("@status", status),
                    ("@created", RegistryStore.Text(created)),
                    ("@document", document.ToJsonString()));
                if (await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                await SageMakerTagStore.ReplaceInTransactionAsync(connection, transaction, arn, tags, token).ConfigureAwait(false);
                return true;
            },
            ct));

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
        SageMakerTagStore.AfterTagWriteAsync(store.DeleteWithTagsAsync("marketplace_resources", kind, name, ct));

    /// <summary>
    /// A resource by name or ARN. Names are matched without regard to letter case, as the ARN (lower-cased, as
    /// SageMaker forms it) identifies the resource: <c>MyAlgo</c> and <c>myalgo</c> are one algorithm.
    /// </summary>
    public async Task<JsonObject?> GetAsync(string kind, string nameOrArn, CancellationToken ct) =>
        (await store.QueryDocumentsAsync("SELECT document FROM marketplace_resources WHERE kind = @kind AND (name = @name OR arn = @name OR name = @name COLLATE NOCASE) ORDER BY name = @name DESC", ct, ("@kind", kind), ("@name", nameOrArn)).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>Whether the ARN names one of these resources (for the tag operations).</summary>
    public Task<bool> ExistsAsync(string arn, CancellationToken ct) =>
        store.AnyAsync("SELECT 1 FROM marketplace_resources WHERE arn = @arn", ct, ("@arn", arn));

    /// <summary>Every resource of a kind, oldest first.</summary>
    public Task<List<JsonObject>> ListAsync(string kind, CancellationToken ct) =>
        store.QueryDocumentsAsync("SELECT document FROM marketplace_resources WHERE kind = @kind ORDER BY created_at, name", ct, ("@kind", kind));
}
