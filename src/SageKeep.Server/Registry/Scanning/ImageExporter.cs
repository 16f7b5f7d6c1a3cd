using System.Text.Json;
using SageKeep.Server.Registry.Manifests;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// Writes one stored image as an OCI image layout (image-spec "image-layout.md") in a fresh private
/// directory under the registry's scratch space, for the scanner to read like any other layout. Blobs are
/// copied (the scanner verifies every digest again as it reads, so a blob that rotted on disk fails the
/// scan instead of being trusted). The caller deletes the directory.
/// </summary>
internal sealed class ImageExporter(RegistryStore store, BlobStore blobs)
{
    /// <summary>The layout directory, or null when the image (or one of its blobs) is no longer there.</summary>
    public async Task<string?> ExportAsync(string repository, string digest, CancellationToken ct)
    {
        var manifest = await store.GetManifestAsync(repository, digest, ct).ConfigureAwait(false);
        if (manifest is null || !ManifestMediaTypes.IsImage(manifest.MediaType))
        {
            return null;
        }

        var references = await store.ListReferencesAsync(repository, digest, ct).ConfigureAwait(false);
        var directory = Path.Combine(blobs.TempDirectory, "export-" + Guid.NewGuid().ToString("N"));
        SageKeep.Server.Storage.PrivateFiles.EnsureDirectory(directory);
        SageKeep.Server.Storage.PrivateFiles.EnsureDirectory(Path.Combine(directory, "blobs"));
        SageKeep.Server.Storage.PrivateFiles.EnsureDirectory(Path.Combine(directory, "blobs", "sha256"));
        try
        {
            foreach (var blob in references.Append(digest))
            {
                if (blobs.Length(blob) is null)
                {
                    Directory.Delete(directory, recursive: true);
                    return null;
                }

                File.Copy(blobs.PathOf(blob), Path.Combine(directory, "blobs", "sha256", Digest.Hex(blob)));
            }

            await File.WriteAllTextAsync(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""", ct).ConfigureAwait(false);
            var index = JsonSerializer.Serialize(new IndexDocument(2, ManifestMediaTypes.OciIndex, [new IndexEntry(manifest.MediaType, manifest.Digest, manifest.Size)]), ExportJsonContext.Default.IndexDocument);
            await File.WriteAllTextAsync(Path.Combine(directory, "index.json"), index, ct).ConfigureAwait(false);
            return directory;
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }
}
