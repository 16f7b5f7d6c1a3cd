using System.Text.Json;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Images;

/// <summary>
/// Resolves an OCI image layout (image-layout.md) to one image: index.json, nested indexes, platform choice,
/// then the manifest and config, each verified against its descriptor before it is parsed.
/// </summary>
internal static class OciLayoutResolver
{
    public static async Task<ResolvedImage> ResolveAsync(IImageFiles files, ImageFormat format, ImagePlatform? platform, ScanLimits limits, CancellationToken cancellationToken)
    {
        // Step 1: the layout marker and the top-level index (not content-addressed, so not verifiable).
        var layoutBytes = await MetadataReader.ReadFileAsync(files, "oci-layout", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        using (var layout = MetadataReader.Parse(layoutBytes, "oci-layout"))
        {
            if (MetadataReader.String(layout.RootElement, "imageLayoutVersion") is null)
            {
                throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, "oci-layout has no imageLayoutVersion");
            }
        }

        var indexBytes = await MetadataReader.ReadFileAsync(files, "index.json", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        using var index = MetadataReader.Parse(indexBytes, "index.json");

        // Step 2: every image manifest reachable through (nested) indexes, with its platform.
        var candidates = new List<Candidate>();
        var skipped = new List<string>();
        await CollectAsync(files, index.RootElement, "index.json", 0, candidates, skipped, limits, cancellationToken).ConfigureAwait(false);
        var chosen = Choose(candidates, skipped, platform);

        // Step 3: the manifest, then its config; both verified before they are parsed.
        var manifestBytes = await MetadataReader.ReadBlobAsync(files, chosen.Digest, chosen.Size, "manifest", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        using var manifest = MetadataReader.Parse(manifestBytes, $"manifest {chosen.Digest}");
        var root = manifest.RootElement;
        if (!root.TryGetProperty("config", out var configDescriptor) || ReadDescriptor(configDescriptor) is not { } config)
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"manifest {chosen.Digest} has no valid config descriptor");
        }

        var configBytes = await MetadataReader.ReadBlobAsync(files, config.Digest, config.Size, "config", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        using var configDocument = MetadataReader.Parse(configBytes, $"config {config.Digest}");
        var imagePlatform = ReadPlatform(configDocument.RootElement) ?? chosen.Platform;

        // Step 4: the layers, in order; their content is verified while the walker streams them.
        var layers = new List<LayerBlob>();
        if (MetadataReader.Array(root, "layers") is not { } layerArray)
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"manifest {chosen.Digest} has no layers array");
        }

        foreach (var element in layerArray.EnumerateArray())
        {
            if (ReadDescriptor(element) is not { } layer)
            {
                throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"manifest {chosen.Digest} has a malformed layer descriptor");
            }

            if (!MediaTypes.IsLayer(layer.MediaType))
            {
                throw new ScanRefusedException(ScanErrorKind.UnsupportedMediaType, $"layer {layer.Digest} has media type {layer.MediaType ?? "(none)"}, not a tar layer");
            }

            if (files.Length(layer.Digest.LayoutPath) is null)
            {
                throw new ScanRefusedException(ScanErrorKind.BlobMissing, $"layer {layer.Digest} is not in the image");
            }

            layers.Add(new LayerBlob(layer.Digest.LayoutPath, layer.Digest, layer.Size, DigestOfUncompressed: false, layer.MediaType));
        }

        return new ResolvedImage(format, chosen.RefName, chosen.Digest.ToString(), config.Digest.ToString(), imagePlatform, layers);
    }

    internal static ImagePlatform? ReadPlatform(JsonElement element)
    {
        var os = MetadataReader.String(element, "os");
        var architecture = MetadataReader.String(element, "architecture");
        return os is null || architecture is null ? null : new ImagePlatform(os, architecture, MetadataReader.String(element, "variant"));
    }

    private static async Task CollectAsync(IImageFiles files, JsonElement index, string what, int depth, List<Candidate> candidates, List<string> skipped, ScanLimits limits, CancellationToken cancellationToken)
    {
        if (depth > limits.MaxIndexDepth)
        {
            throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"indexes nest deeper than {limits.MaxIndexDepth}");
        }

        if (MetadataReader.Array(index, "manifests") is not { } manifests)
        {
            return;
        }

        foreach (var element in manifests.EnumerateArray())
        {
            if (ReadDescriptor(element) is not { } descriptor)
            {
                throw new ScanRefusedException(ScanErrorKind.MalformedMetadata, $"{what} has a malformed descriptor");
            }

            var platform = element.TryGetProperty("platform", out var p) ? ReadPlatform(p) : null;
            if (MediaTypes.IsManifest(descriptor.MediaType))
            {
                var refName = element.TryGetProperty("annotations", out var annotations) ? MetadataReader.String(annotations, "org.opencontainers.image.ref.name") : null;
                candidates.Add(new Candidate(descriptor.Digest, descriptor.Size, platform, refName));
            }
            else if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var bytes = await MetadataReader.ReadBlobAsync(files, descriptor.Digest, descriptor.Size, "index", limits.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
                using var nested = MetadataReader.Parse(bytes, $"index {descriptor.Digest}");
                await CollectAsync(files, nested.RootElement, $"index {descriptor.Digest}", depth + 1, candidates, skipped, limits, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                skipped.Add($"{descriptor.Digest} ({descriptor.MediaType ?? "no media type"})");
            }
        }
    }

    private static Candidate Choose(List<Candidate> candidates, List<string> skipped, ImagePlatform? requested)
    {
        // Attestation manifests (buildx) carry the platform unknown/unknown: never an image to scan.
        var images = candidates.Where(c => c.Platform is not { Os: "unknown" }).ToList();
        if (images.Count == 0)
        {
            throw skipped.Count > 0
                ? new ScanRefusedException(ScanErrorKind.UnsupportedMediaType, $"the index names no image manifest; unsupported descriptors: {string.Join(", ", skipped)}")
                : new ScanRefusedException(ScanErrorKind.NoImageManifest, "the index names no image manifest");
        }

        if (requested is not null)
        {
            var match = images.FirstOrDefault(c => c.Platform is null ? images.Count == 1 : requested.Matches(c.Platform));
            return match ?? throw new ScanRefusedException(ScanErrorKind.PlatformNotFound, $"no manifest for platform {requested}; the image has {Describe(images)}");
        }

        if (images.Count == 1)
        {
            return images[0];
        }

        return images.FirstOrDefault(c => c.Platform is not null && ImagePlatform.LinuxAmd64.Matches(c.Platform))
            ?? throw new ScanRefusedException(ScanErrorKind.PlatformNotFound, $"the image has several platforms ({Describe(images)}); choose one with --platform");
    }

    private static string Describe(List<Candidate> images) =>
        string.Join(", ", images.Select(c => c.Platform?.ToString() ?? "unspecified"));

    private static Descriptor? ReadDescriptor(JsonElement element)
    {
        var digest = BlobDigest.Parse(MetadataReader.String(element, "digest"));
        var size = MetadataReader.Int64(element, "size");
        return digest is null || size is null or < 0 ? null : new Descriptor(MetadataReader.String(element, "mediaType"), digest, size.Value);
    }

    private sealed record Descriptor(string? MediaType, BlobDigest Digest, long Size);

    private sealed record Candidate(BlobDigest Digest, long Size, ImagePlatform? Platform, string? RefName);
}
