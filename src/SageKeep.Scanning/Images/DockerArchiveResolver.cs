using System.Security.Cryptography;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Images;

/// <summary>
/// Resolves a legacy <c>docker save</c> archive (manifest.json; moby image/spec "Combined Image JSON + Filesystem
/// Changeset Format"): the config is named by its own digest, layers by the config's diff_ids.
/// </summary>
internal static class DockerArchiveResolver
{
    public static async Task<ResolvedImage> ResolveAsync(IImageFiles files, ImagePlatform? platform, ScanLimits limits, CancellationToken cancellationToken)
    {
        // Step 1: manifest.json, a list of images; the first is scanned (docker save of one tag writes one).
        var manifestBytes = await MetadataReader.ReadFileAsync(files, "manifest.json", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        using var manifest = MetadataReader.Parse(manifestBytes, "manifest.json");
        if (manifest.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array || manifest.RootElement.GetArrayLength() == 0)
        {
            throw new ScanRefusedException(ScanErrorKind.NoImageManifest, "manifest.json lists no image");
        }

        var image = manifest.RootElement[0];
        var configPath = MetadataReader.String(image, "Config")
            ?? throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, "manifest.json has no Config");
        var repoTags = MetadataReader.Array(image, "RepoTags");
        var reference = repoTags is { } tags && tags.GetArrayLength() > 0 ? tags[0].GetString() : null;

        // Step 2: the config; its file name is its digest, which must match its content.
        var configBytes = await MetadataReader.ReadFileAsync(files, configPath, limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        var configHex = Convert.ToHexStringLower(SHA256.HashData(configBytes));
        var namedHex = Path.GetFileNameWithoutExtension(configPath);
        if (BlobDigest.Parse("sha256:" + namedHex) is not null && !string.Equals(namedHex, configHex, StringComparison.Ordinal))
        {
            throw new ScanRefusedException(ScanErrorKind.DigestMismatch, $"config {configPath} has digest sha256:{configHex}");
        }

        using var config = MetadataReader.Parse(configBytes, $"config {configPath}");
        var imagePlatform = OciLayoutResolver.ReadPlatform(config.RootElement);
        if (platform is not null && imagePlatform is not null && !platform.Matches(imagePlatform))
        {
            throw new ScanRefusedException(ScanErrorKind.PlatformNotFound, $"the archive holds a {imagePlatform} image, not {platform}");
        }

        var diffIds = config.RootElement.TryGetProperty("rootfs", out var rootfs) ? MetadataReader.Array(rootfs, "diff_ids") : null;
        var layerPaths = MetadataReader.Array(image, "Layers")
            ?? throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, "manifest.json has no Layers");
        if (diffIds is null || diffIds.Value.GetArrayLength() != layerPaths.GetArrayLength())
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, "the config's rootfs.diff_ids do not match manifest.json's Layers");
        }

        // Step 3: each layer is checked against its diff_id (digest of the uncompressed tar) while it is walked.
        var layers = new List<LayerBlob>();
        for (var i = 0; i < layerPaths.GetArrayLength(); i++)
        {
            var path = layerPaths[i].GetString() ?? string.Empty;
            var diffId = BlobDigest.Parse(diffIds.Value[i].GetString())
                ?? throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"diff_id {i} is not a digest");
            if (files.Length(path) is null)
            {
                throw new ScanRefusedException(ScanErrorKind.BlobMissing, $"layer {path} ({diffId}) is not in the archive");
            }

            layers.Add(new LayerBlob(path, diffId, null, DigestOfUncompressed: true, null));
        }

        return new ResolvedImage(ImageFormat.DockerArchive, reference, null, "sha256:" + configHex, imagePlatform, layers);
    }
}
