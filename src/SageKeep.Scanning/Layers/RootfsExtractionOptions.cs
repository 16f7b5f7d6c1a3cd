using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>How <see cref="RootfsImage"/> unpacks an image onto disk.</summary>
public sealed record RootfsExtractionOptions
{
    /// <summary>Bounds on expanded bytes, entries and single files; the same bounds a scan applies.</summary>
    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>Platform to pick from a multi-platform index; null picks the only one, else linux/amd64.</summary>
    public ImagePlatform? Platform { get; init; }

    /// <summary>
    /// Added to every uid/gid of the layers before the file is chowned, so a container whose user namespace maps
    /// root to this host id sees its files owned as the image says. Zero keeps the image's ids.
    /// </summary>
    public int IdOffset { get; init; }

    /// <summary>Size of the mapped id range; ids at or above it become the overflow id 65534 (nobody).</summary>
    public int IdCount { get; init; } = 65536;

    /// <summary>Parent of the temporary directory used for compressed archives; defaults to the system temp path.</summary>
    public string? TempRoot { get; init; }
}
