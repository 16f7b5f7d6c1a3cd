using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

internal sealed partial class RegistryStore
{
    /// <summary>
    /// Drops links of blobs that no manifest of their repository references and that are older than
    /// <paramref name="olderThan"/> (abandoned pushes, layers of deleted images). Returns the count.
    /// </summary>
    public Task<int> UnlinkUnreferencedBlobsAsync(DateTimeOffset olderThan, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand(
                    """
                    DELETE FROM registry_blob_links
                    WHERE created_at < @cutoff AND NOT EXISTS (
                        SELECT 1 FROM registry_manifest_refs r
                        WHERE r.repository = registry_blob_links.repository AND r.digest = registry_blob_links.digest)
                    """,
                    transaction,
                    ("@cutoff", Text(olderThan)));
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            },
            ct);

    /// <summary>Every digest some repository still references (blob links, manifests, manifest references).</summary>
    public async Task<HashSet<string>> ReferencedDigestsAsync(CancellationToken ct)
    {
        var digests = await QueryAsync(
            """
            SELECT digest FROM registry_blob_links
            UNION SELECT digest FROM registry_manifests
            UNION SELECT digest FROM registry_manifest_refs
            """,
            r => r.GetString(0),
            ct).ConfigureAwait(false);
        return [.. digests];
    }

    /// <summary>How many rows reference a digest: its reference count.</summary>
    public async Task<long> ReferenceCountAsync(string digest, CancellationToken ct) =>
        (await QueryAsync(
            """
            SELECT (SELECT COUNT(*) FROM registry_blob_links WHERE digest = @d)
                 + (SELECT COUNT(*) FROM registry_manifests WHERE digest = @d)
                 + (SELECT COUNT(*) FROM registry_manifest_refs WHERE digest = @d)
            """,
            r => r.GetInt64(0),
            ct,
            ("@d", digest)).ConfigureAwait(false))[0];
}
