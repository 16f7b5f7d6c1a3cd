using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>Models, endpoint configurations and endpoints as one JSON document each in <c>inference_resources</c>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class InferenceStore(IStateStore store) : ITaggableResources
{
    public const string Model = "model";

    public const string EndpointConfig = "endpoint-config";

    public const string Endpoint = "endpoint";

    public Task<bool> AddAsync(string kind, string name, string arn, string status, DateTimeOffset created, JsonObject document, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    INSERT INTO inference_resources (kind, name, arn, status, created_at, document)
                    SELECT @kind, @name, @arn, @status, @created, @document
                    WHERE NOT EXISTS (SELECT 1 FROM inference_resources WHERE kind = @kind AND name = @name)
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

    /// <summary>Reads, changes and writes one document in one transaction; false when it does not exist or the change declines.</summary>
    public Task<bool> UpdateAsync(string kind, string name, Func<JsonObject, bool> change, CancellationToken ct, string? statusMember = "EndpointStatus") =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                JsonObject? document;
                await using (var read = connection.CreateCommand("SELECT document FROM inference_resources WHERE kind = @kind AND name = @name", transaction, ("@kind", kind), ("@name", name)))
                {
                    document = await read.ExecuteScalarAsync(token).ConfigureAwait(false) is string text ? JsonNode.Parse(text) as JsonObject : null;
                }

                if (document is null || !change(document))
                {
                    return false;
                }

                await using var write = connection.CreateCommand(
                    "UPDATE inference_resources SET status = COALESCE(@status, status), document = @document WHERE kind = @kind AND name = @name",
                    transaction,
                    ("@kind", kind),
                    ("@name", name),
                    ("@status", statusMember is null ? null : document[statusMember]?.GetValue<string>() ?? string.Empty),
                    ("@document", document.ToJsonString()));
                await write.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct);

    public Task<bool> DeleteAsync(string kind, string name, CancellationToken ct) =>
        SageMakerTagStore.AfterTagWriteAsync(store.DeleteWithTagsAsync("inference_resources", kind, name, ct));

    public async Task<JsonObject?> GetAsync(string kind, string name, CancellationToken ct) =>
        (await store.QueryDocumentsAsync("SELECT document FROM inference_resources WHERE kind = @kind AND name = @name", ct, ("@kind", kind), ("@name", name)).ConfigureAwait(false))
        .FirstOrDefault();


    /// <summary>Whether the ARN names one of these resources (for the tag operations).</summary>
    public Task<bool> ExistsAsync(string arn, CancellationToken ct) =>
        store.AnyAsync("SELECT 1 FROM inference_resources WHERE arn = @arn", ct, ("@arn", arn));

    /// <summary>Every resource of a kind, oldest first.</summary>
    public Task<List<JsonObject>> ListAsync(string kind, CancellationToken ct) =>
        store.QueryDocumentsAsync("SELECT document FROM inference_resources WHERE kind = @kind ORDER BY created_at, name", ct, ("@kind", kind));
}
