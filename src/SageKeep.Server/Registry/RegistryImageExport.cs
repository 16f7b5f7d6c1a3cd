using Microsoft.Data.Sqlite;
using SageKeep.Server.Configuration;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Registry.Manifests;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry;

/// <summary>
/// One image of a data directory's registry written out as an OCI image layout, for the CLI
/// (<c>sagekeep scan|sbom registry://REPOSITORY[:TAG][@DIGEST]</c>). Reads the state store and the blob files
/// directly, so it works with the server stopped or running (SQLite WAL readers do not block the writer); the
/// layout is the one the server's own scan worker reads (<see cref="ImageExporter"/>), blobs copied so the
/// scanner verifies every digest again. Dispose deletes the layout.
/// </summary>
public sealed class RegistryImageExport : IDisposable
{
    /// <summary>The URI scheme the CLI recognises.</summary>
    public const string Scheme = "registry://";

    private RegistryImageExport(string layoutDirectory, string repository, string? tag, string digest)
    {
        LayoutDirectory = layoutDirectory;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The OCI image layout directory holding the image (its index names the one manifest).</summary>
    public string LayoutDirectory { get; }

    public string Repository { get; }

    public string? Tag { get; }

    /// <summary>The manifest digest the reference resolved to.</summary>
    public string Digest { get; }

    /// <summary>The image as the reports name it: <c>REPOSITORY[:TAG]@DIGEST</c>.</summary>
    public string Name => Tag is null ? $"{Repository}@{Digest}" : $"{Repository}:{Tag}@{Digest}";

    /// <summary>
    /// Resolves <paramref name="reference"/> (<c>REPOSITORY[:TAG][@sha256:…]</c>, tag <c>latest</c> when neither is
    /// given, optionally prefixed with <see cref="Scheme"/>) in the registry of <paramref name="dataDirectory"/> and
    /// exports it. On failure the error says why, in one line.
    /// </summary>
    public static async Task<(RegistryImageExport? Export, string? Error)> OpenAsync(string dataDirectory, string reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(reference);
        var text = reference.StartsWith(Scheme, StringComparison.Ordinal) ? reference[Scheme.Length..] : reference;
        if (ImageReference.TryParse("local/" + text) is not { } parsed)
        {
            return (null, $"'{reference}' is not a registry image reference (REPOSITORY[:TAG][@sha256:DIGEST])");
        }

        var settings = new ServerSettings { DataDirectory = Path.GetFullPath(dataDirectory) };
        var registryDirectory = Path.Combine(settings.DataDirectory, "registry");
        if (!File.Exists(settings.DatabasePath) || !Directory.Exists(registryDirectory))
        {
            return (null, $"{settings.DataDirectory} is not a SageKeep data directory with a registry (--data-dir, or {SettingKeys.DataDir.EnvironmentVariable})");
        }

        using var state = new SqliteStateStore(settings.DatabasePath);
        var store = new RegistryStore(state, TimeProvider.System);
        var shown = parsed.Digest is null ? $"{parsed.Repository}:{parsed.Tag}" : parsed.Tag is null ? $"{parsed.Repository}@{parsed.Digest}" : $"{parsed.Repository}:{parsed.Tag}@{parsed.Digest}";
        try
        {
            var manifest = parsed.Digest is { } digest
                ? await store.GetManifestAsync(parsed.Repository, digest, ct).ConfigureAwait(false)
                : await store.ResolveAsync(parsed.Repository, parsed.Tag!, ct).ConfigureAwait(false);
            if (manifest is null
                || (parsed is { Digest: not null, Tag: { } tag } && await store.ResolveTagAsync(parsed.Repository, tag, ct).ConfigureAwait(false) != manifest.Digest))
            {
                return (null, $"the registry in {settings.DataDirectory} has no image {shown}");
            }

            if (!ManifestMediaTypes.IsImage(manifest.MediaType))
            {
                return (null, $"{shown} is an image index ({manifest.MediaType}): scan one of its platform manifests by digest");
            }

            var exporter = new ImageExporter(store, new BlobStore(registryDirectory));
            var layout = await exporter.ExportAsync(manifest.Repository, manifest.Digest, ct).ConfigureAwait(false);
            return layout is null
                ? (null, $"{shown}: a blob of the image is missing from the registry's storage")
                : (new RegistryImageExport(layout, manifest.Repository, parsed.Tag, manifest.Digest), null);
        }
        catch (SqliteException e)
        {
            return (null, $"the registry in {settings.DataDirectory} cannot be read: {e.Message}");
        }
        catch (IOException e)
        {
            return (null, $"the image {shown} cannot be exported: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(LayoutDirectory))
        {
            Directory.Delete(LayoutDirectory, recursive: true);
        }
    }
}
