using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

internal sealed partial class MarketplaceStore
{
    /// <summary>Where a group's document remembers the last version it handed out (versions are never reused).</summary>
    private const string LastVersionMember = "SageKeepLastVersion";

    /// <summary>
    /// Adds the next version of a model package group in one transaction: the version is one more than any the
    /// group ever handed out. <paramref name="build"/> receives the version and returns the row's ARN and document.
    /// Null when the group does not exist.
    /// </summary>
    public Task<int?> AddVersionAsync(string group, string status, DateTimeOffset created, Func<int, (string Arn, JsonObject Document)> build, IReadOnlyDictionary<string, string>? tags, CancellationToken ct) =>
        Tags.SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var read = connection.CreateCommand(
                    "SELECT document FROM marketplace_resources WHERE kind = @kind AND name = @name",
                    transaction,
                    ("@kind", ModelPackageGroup),
                    ("@name", group));
                if (await read.ExecuteScalarAsync(token).ConfigureAwait(false) is not string text || JsonNode.Parse(text) is not JsonObject groupDocument)
                {
                    return (int?)null;
                }

                await using var max = connection.CreateCommand(
                    "SELECT MAX(version) FROM marketplace_resources WHERE kind = @kind AND group_name = @group",
                    transaction,
                    ("@kind", ModelPackage),
                    ("@group", group));
                var highest = await max.ExecuteScalarAsync(token).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
                var last = groupDocument[LastVersionMember]?.GetValue<int>() ?? 0;
                var version = Math.Max(highest, last) + 1;
                var (arn, document) = build(version);
                await using var insert = connection.CreateCommand(
                    """
                    INSERT INTO marketplace_resources (kind, name, arn, group_name, version, status, created_at, document)
                    VALUES (@kind, @name, @arn, @group, @version, @status, @created, @document)
                    """,
                    transaction,
                    ("@kind", ModelPackage),
                    ("@name", VersionedName(group, version)),
                    ("@arn", arn),
                    ("@group", group),
                    ("@version", version),
                    ("@status", status),
                    ("@created", RegistryStore.Text(created)),
                    ("@document", document.ToJsonString()));
                await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                await Tags.SageMakerTagStore.ReplaceInTransactionAsync(connection, transaction, arn, tags, token).ConfigureAwait(false);
                groupDocument[LastVersionMember] = version;
                await using var update = connection.CreateCommand(
                    "UPDATE marketplace_resources SET document = @document WHERE kind = @kind AND name = @name",
                    transaction,
                    ("@kind", ModelPackageGroup),
                    ("@name", group),
                    ("@document", groupDocument.ToJsonString()));
                await update.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return version;
            },
            ct));

    /// <summary>Deletes a group only when no model package is left in it: true deleted, false not empty, null no such group.</summary>
    public Task<bool?> DeleteGroupAsync(string group, CancellationToken ct) =>
        Tags.SageMakerTagStore.AfterTagWriteAsync(store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var count = connection.CreateCommand(
                    "SELECT COUNT(*) FROM marketplace_resources WHERE kind = @kind AND group_name = @group",
                    transaction,
                    ("@kind", ModelPackage),
                    ("@group", group));
                var packages = Convert.ToInt64(await count.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
                await using var exists = connection.CreateCommand(
                    "SELECT COUNT(*) FROM marketplace_resources WHERE kind = @kind AND name = @name",
                    transaction,
                    ("@kind", ModelPackageGroup),
                    ("@name", group));
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
                {
                    return (bool?)null;
                }

                if (packages > 0)
                {
                    return false;
                }

                await using (var tags = connection.CreateCommand("DELETE FROM sagemaker_tags WHERE arn IN (SELECT arn FROM marketplace_resources WHERE kind = @kind AND name = @name)", transaction, ("@kind", ModelPackageGroup), ("@name", group)))
                {
                    await tags.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using var delete = connection.CreateCommand("DELETE FROM marketplace_resources WHERE kind = @kind AND name = @name", transaction, ("@kind", ModelPackageGroup), ("@name", group));
                await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return true;
            },
            ct));

    public static string VersionedName(string group, int version) => group + "/" + version.ToString(CultureInfo.InvariantCulture);
}
