using System.Runtime.Versioning;
using System.Data.Common;
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

    public Task<bool> AddAsync(string kind, string name, string arn, string status, DateTimeOffset created, JsonObject document, CancellationToken ct) =>
        store.InTransactionAsync(
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
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

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
        SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                // The resource's tags go with it, so a name used again starts without tags.
                await using (var tags = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn IN (SELECT arn FROM inference_resources WHERE kind = @kind AND name = @name)", transaction, ("@kind", kind), ("@name", name)))
                {
                    await tags.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var command = connection.CreateCommand("DELETE FROM inference_resources WHERE kind = @kind AND name = @name", transaction, ("@kind", kind), ("@name", name));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct));

    public async Task<JsonObject?> GetAsync(string kind, string name, CancellationToken ct) =>
        (await QueryAsync("SELECT document FROM inference_resources WHERE kind = @kind AND name = @name", ct, ("@kind", kind), ("@name", name)).ConfigureAwait(false))
        .FirstOrDefault();


    /// <summary>Whether the ARN names one of these resources (for the tag operations).</summary>
    public async Task<bool> ExistsAsync(string arn, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using DbCommand command = connection.CreateCommand("SELECT 1 FROM inference_resources WHERE arn = @arn", null, ("@arn", arn));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>Every resource of a kind, oldest first.</summary>
    public Task<List<JsonObject>> ListAsync(string kind, CancellationToken ct) =>
        QueryAsync("SELECT document FROM inference_resources WHERE kind = @kind ORDER BY created_at, name", ct, ("@kind", kind));

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
