namespace SageKeep.Scanning.Images;

/// <summary>An image whose index, manifest and config were read and verified; its layers are verified as they are walked.</summary>
internal sealed record ResolvedImage(
    ImageFormat Format,
    string? Reference,
    string? ManifestDigest,
    string ConfigDigest,
    ImagePlatform? Platform,
    IReadOnlyList<LayerBlob> Layers);
