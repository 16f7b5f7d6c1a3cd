using System.Data.Common;
using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry.Storage;

internal sealed partial class RegistryStore
{
    private const string ManifestColumns = "repository, digest, media_type, size, artifact_type, subject_digest, image_size, pushed_at";

    /// <summary>
    /// Stores a manifest (its bytes are already in the blob store) and moves <paramref name="tag"/> to it,
    /// in one transaction: every reference must be held by the repository, and an immutable repository
    /// refuses to move an existing tag.
    /// </summary>
    public Task<PutManifestOutcome> PutManifestAsync(ManifestRecord manifest, IReadOnlyList<ManifestReference> references, string? tag, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                bool immutable;
                await using (var repo = connection.CreateCommand("SELECT tag_mutability FROM registry_repositories WHERE name = @name", transaction, ("@name", manifest.Repository)))
                {
                    if (await repo.ExecuteScalarAsync(token).ConfigureAwait(false) is not string mutability)
                    {
                        return PutManifestOutcome.RepositoryUnknown;
                    }

                    immutable = mutability == "IMMUTABLE";
                }

                foreach (var reference in references)
                {
                    var sql = reference.IsManifest
                        ? "SELECT COUNT(*) FROM registry_manifests WHERE repository = @repo AND digest = @digest"
                        : "SELECT COUNT(*) FROM registry_blob_links WHERE repository = @repo AND digest = @digest";
                    await using var check = connection.CreateCommand(sql, transaction, ("@repo", manifest.Repository), ("@digest", reference.Digest));
                    if (Convert.ToInt64(await check.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
                    {
                        return PutManifestOutcome.ReferenceUnknown;
                    }
                }

                if (tag is not null && immutable)
                {
                    await using var existing = connection.CreateCommand("SELECT digest FROM registry_tags WHERE repository = @repo AND tag = @tag", transaction, ("@repo", manifest.Repository), ("@tag", tag));
                    if (await existing.ExecuteScalarAsync(token).ConfigureAwait(false) is string current && current != manifest.Digest)
                    {
                        return PutManifestOutcome.TagImmutable;
                    }
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO registry_manifests ({ManifestColumns})
                    SELECT @repo, @digest, @media, @size, @artifact, @subject, @image, @pushed
                    WHERE NOT EXISTS (SELECT 1 FROM registry_manifests WHERE repository = @repo AND digest = @digest)
                    """,
                    token,
                    ("@repo", manifest.Repository),
                    ("@digest", manifest.Digest),
                    ("@media", manifest.MediaType),
                    ("@size", manifest.Size),
                    ("@artifact", manifest.ArtifactType),
                    ("@subject", manifest.SubjectDigest),
                    ("@image", manifest.ImageSize),
                    ("@pushed", Text(manifest.PushedAt))).ConfigureAwait(false);
                foreach (var reference in references)
                {
                    await ExecuteAsync(
                        connection,
                        transaction,
                        """
                        INSERT INTO registry_manifest_refs (repository, manifest_digest, digest, kind)
                        SELECT @repo, @manifest, @digest, @kind
                        WHERE NOT EXISTS (SELECT 1 FROM registry_manifest_refs WHERE repository = @repo AND manifest_digest = @manifest AND digest = @digest)
                        """,
                        token,
                        ("@repo", manifest.Repository),
                        ("@manifest", manifest.Digest),
                        ("@digest", reference.Digest),
                        ("@kind", reference.IsManifest ? "manifest" : "blob")).ConfigureAwait(false);
                }

                if (tag is not null)
                {
                    await ExecuteAsync(connection, transaction, "DELETE FROM registry_tags WHERE repository = @repo AND tag = @tag", token, ("@repo", manifest.Repository), ("@tag", tag)).ConfigureAwait(false);
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "INSERT INTO registry_tags (repository, tag, digest, updated_at) VALUES (@repo, @tag, @digest, @updated)",
                        token,
                        ("@repo", manifest.Repository),
                        ("@tag", tag),
                        ("@digest", manifest.Digest),
                        ("@updated", Text(time.GetUtcNow()))).ConfigureAwait(false);
                }

                return PutManifestOutcome.Stored;
            },
            ct);

    public async Task<ManifestRecord?> GetManifestAsync(string repository, string digest, CancellationToken ct) =>
        (await QueryAsync($"SELECT {ManifestColumns} FROM registry_manifests WHERE repository = @repo AND digest = @digest", ReadManifest, ct, ("@repo", repository), ("@digest", digest)).ConfigureAwait(false))
        .FirstOrDefault();

    public async Task<string?> ResolveTagAsync(string repository, string tag, CancellationToken ct) =>
        (await QueryAsync("SELECT digest FROM registry_tags WHERE repository = @repo AND tag = @tag", r => r.GetString(0), ct, ("@repo", repository), ("@tag", tag)).ConfigureAwait(false))
        .FirstOrDefault();

    /// <summary>A tag or a digest to the stored manifest, or null.</summary>
    public async Task<ManifestRecord?> ResolveAsync(string repository, string reference, CancellationToken ct)
    {
        var digest = Digest.IsValid(reference) ? reference : await ResolveTagAsync(repository, reference, ct).ConfigureAwait(false);
        return digest is null ? null : await GetManifestAsync(repository, digest, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes an image (its manifest, tags, references and scan). False when it is not there.</summary>
    public Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken ct) =>
        store.InTransactionAsync((connection, transaction, token) => DeleteImageRowsAsync(connection, transaction, repository, digest, token), ct);

    public Task<bool> DeleteTagAsync(string repository, string tag, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var delete = connection.CreateCommand("DELETE FROM registry_tags WHERE repository = @repo AND tag = @tag", transaction, ("@repo", repository), ("@tag", tag));
                return await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            ct);

    /// <summary>
    /// Removes <paramref name="tag"/> if it still names <paramref name="digest"/>, and the image with it when that was
    /// its last tag (ECR's BatchDeleteImage by tag), in one transaction: a tag put on the image meanwhile keeps it.
    /// False when the tag no longer names that digest.
    /// </summary>
    public Task<bool> UntagAsync(string repository, string tag, string digest, CancellationToken ct) =>
        store.InTransactionAsync(
            async (connection, transaction, token) =>
            {
                await using var delete = connection.CreateCommand("DELETE FROM registry_tags WHERE repository = @repo AND tag = @tag AND digest = @digest", transaction, ("@repo", repository), ("@tag", tag), ("@digest", digest));
                if (await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
                {
                    return false;
                }

                await using var remaining = connection.CreateCommand("SELECT COUNT(*) FROM registry_tags WHERE repository = @repo AND digest = @digest", transaction, ("@repo", repository), ("@digest", digest));
                if (Convert.ToInt64(await remaining.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
                {
                    await DeleteImageRowsAsync(connection, transaction, repository, digest, token).ConfigureAwait(false);
                }

                return true;
            },
            ct);

    private static async Task<bool> DeleteImageRowsAsync(DbConnection connection, DbTransaction transaction, string repository, string digest, CancellationToken token)
    {
        await using var delete = connection.CreateCommand("DELETE FROM registry_manifests WHERE repository = @repo AND digest = @digest", transaction, ("@repo", repository), ("@digest", digest));
        if (await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM registry_tags WHERE repository = @repo AND digest = @digest", token, ("@repo", repository), ("@digest", digest)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM registry_manifest_refs WHERE repository = @repo AND manifest_digest = @digest", token, ("@repo", repository), ("@digest", digest)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM registry_scans WHERE repository = @repo AND digest = @digest", token, ("@repo", repository), ("@digest", digest)).ConfigureAwait(false);
        return true;
    }

    /// <summary>Tags in lexical order after <paramref name="last"/>, at most <paramref name="limit"/>.</summary>
    public Task<List<string>> ListTagsAsync(string repository, string? last, int limit, CancellationToken ct) =>
        QueryAsync(
            "SELECT tag FROM registry_tags WHERE repository = @repo AND tag > @last ORDER BY tag LIMIT @limit",
            r => r.GetString(0),
            ct,
            ("@repo", repository),
            ("@last", last ?? string.Empty),
            ("@limit", limit));

    /// <summary>Every image of a repository with its tags, newest first.</summary>
    public async Task<List<ImageRecord>> ListImagesAsync(string repository, CancellationToken ct)
    {
        var manifests = await QueryAsync($"SELECT {ManifestColumns} FROM registry_manifests WHERE repository = @repo ORDER BY pushed_at DESC, digest", ReadManifest, ct, ("@repo", repository)).ConfigureAwait(false);
        var tags = await QueryAsync("SELECT digest, tag FROM registry_tags WHERE repository = @repo ORDER BY tag", r => (r.GetString(0), r.GetString(1)), ct, ("@repo", repository)).ConfigureAwait(false);
        var byDigest = tags.ToLookup(t => t.Item1, t => t.Item2, StringComparer.Ordinal);
        return [.. manifests.Select(m => new ImageRecord(m, [.. byDigest[m.Digest]]))];
    }

    public Task<List<ManifestRecord>> ListReferrersAsync(string repository, string subject, CancellationToken ct) =>
        QueryAsync($"SELECT {ManifestColumns} FROM registry_manifests WHERE repository = @repo AND subject_digest = @subject ORDER BY digest", ReadManifest, ct, ("@repo", repository), ("@subject", subject));

    /// <summary>The blobs (not manifests) an image manifest references, in manifest order is not kept: sorted.</summary>
    public Task<List<string>> ListReferencesAsync(string repository, string manifestDigest, CancellationToken ct) =>
        QueryAsync("SELECT digest FROM registry_manifest_refs WHERE repository = @repo AND manifest_digest = @digest ORDER BY digest", r => r.GetString(0), ct, ("@repo", repository), ("@digest", manifestDigest));

    private static ManifestRecord ReadManifest(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetInt64(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.GetInt64(6),
        Parse(r.GetString(7)));
}
