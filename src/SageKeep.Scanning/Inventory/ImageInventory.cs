using SageKeep.Scanning.Images;
using SageKeep.Scanning.Os;
using SageKeep.Scanning.Packages;

namespace SageKeep.Scanning.Inventory;

/// <summary>
/// Every package found in one image, with provenance (path and layer of the file each came from).
/// Warnings say what a cataloger could not read: the inventory is then partial, not failed.
/// </summary>
public sealed record ImageInventory(
    string ImageName,
    ImageFormat Format,
    string? ManifestDigest,
    string? ConfigDigest,
    ImagePlatform? Platform,
    IReadOnlyList<string> LayerDigests,
    OsInfo? Os,
    IReadOnlyList<PackageRecord> Packages,
    IReadOnlyList<CatalogerInfo> Catalogers,
    IReadOnlyList<string> Warnings,
    DateTimeOffset ScannedAt);
