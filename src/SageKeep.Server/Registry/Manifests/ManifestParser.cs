using System.Text.Json;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Manifests;

/// <summary>
/// Reads a pushed manifest within bounds (size checked by the caller, depth and descriptor count here):
/// OCI image manifests and indexes, Docker schema 2 manifests and manifest lists. Schema 1 and unknown
/// types are refused with MANIFEST_INVALID, as are descriptors whose digest or size is malformed.
/// </summary>
internal static class ManifestParser
{
    public static (ParsedManifest? Manifest, RegistryError? Error) Parse(ReadOnlyMemory<byte> body, string? contentType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return (null, RegistryError.ManifestInvalid("the manifest is not valid JSON"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, RegistryError.ManifestInvalid("the manifest is not a JSON object"));
            }

            var declared = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var header = contentType?.Split(';')[0].Trim();
            if (declared is not null && header is { Length: > 0 } && !string.Equals(declared, header, StringComparison.Ordinal))
            {
                return (null, RegistryError.ManifestInvalid($"the manifest's mediaType {declared} does not match Content-Type {header}"));
            }

            var mediaType = declared ?? header ?? (root.TryGetProperty("manifests", out _) ? ManifestMediaTypes.OciIndex : ManifestMediaTypes.OciManifest);
            if (!ManifestMediaTypes.IsImage(mediaType) && !ManifestMediaTypes.IsIndex(mediaType))
            {
                return (null, RegistryError.ManifestInvalid($"unsupported manifest media type: {mediaType}"));
            }

            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 2)
            {
                return (null, RegistryError.ManifestInvalid("schemaVersion must be 2"));
            }

            var artifactType = root.TryGetProperty("artifactType", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            string? subject = null;
            if (root.TryGetProperty("subject", out var s))
            {
                if (ReadDescriptor(s) is not { } described)
                {
                    return (null, RegistryError.ManifestInvalid("the subject descriptor is malformed"));
                }

                subject = described.Digest;
            }

            return ManifestMediaTypes.IsIndex(mediaType)
                ? ParseIndex(root, mediaType, artifactType, subject)
                : ParseImage(root, mediaType, artifactType, subject);
        }
    }

    private static (ParsedManifest?, RegistryError?) ParseImage(JsonElement root, string mediaType, string? artifactType, string? subject)
    {
        if (!root.TryGetProperty("config", out var configElement) || ReadDescriptor(configElement) is not { } config)
        {
            return (null, RegistryError.ManifestInvalid("the manifest has no valid config descriptor"));
        }

        var references = new List<ManifestReference> { new(config.Digest, false) };
        var size = config.Size;
        if (root.TryGetProperty("layers", out var layers))
        {
            if (layers.ValueKind != JsonValueKind.Array || layers.GetArrayLength() > RegistryLimits.MaxDescriptors)
            {
                return (null, RegistryError.ManifestInvalid("layers must be an array of at most 1000 descriptors"));
            }

            foreach (var layer in layers.EnumerateArray())
            {
                if (ReadDescriptor(layer) is not { } descriptor)
                {
                    return (null, RegistryError.ManifestInvalid("a layer descriptor is malformed"));
                }

                size += descriptor.Size;
                if (!references.Exists(r => r.Digest == descriptor.Digest))
                {
                    references.Add(new(descriptor.Digest, false));
                }
            }
        }

        return (new ParsedManifest(mediaType, artifactType, subject, config.Digest, references, size), null);
    }

    private static (ParsedManifest?, RegistryError?) ParseIndex(JsonElement root, string mediaType, string? artifactType, string? subject)
    {
        if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array || manifests.GetArrayLength() > RegistryLimits.MaxDescriptors)
        {
            return (null, RegistryError.ManifestInvalid("an index needs a manifests array of at most 1000 descriptors"));
        }

        var references = new List<ManifestReference>();
        long size = 0;
        foreach (var child in manifests.EnumerateArray())
        {
            if (ReadDescriptor(child) is not { } descriptor)
            {
                return (null, RegistryError.ManifestInvalid("a manifest descriptor is malformed"));
            }

            size += descriptor.Size;
            if (!references.Exists(r => r.Digest == descriptor.Digest))
            {
                references.Add(new(descriptor.Digest, true));
            }
        }

        return (new ParsedManifest(mediaType, artifactType, subject, null, references, size), null);
    }

    private static (string Digest, long Size)? ReadDescriptor(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() is { } digest && Digest.IsValid(digest)
        && element.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var size) && size >= 0
            ? (digest, size)
            : null;
}
