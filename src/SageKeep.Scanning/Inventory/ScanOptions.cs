using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Images;

namespace SageKeep.Scanning.Inventory;

/// <summary>How to scan: which platform of a multi-platform image, with which catalogers, within which bounds.</summary>
public sealed record ScanOptions
{
    /// <summary>Platform to pick from a multi-platform index; null picks the only one, else linux/amd64.</summary>
    public ImagePlatform? Platform { get; init; }

    /// <summary>Catalogers to run; defaults to every registered one.</summary>
    public IReadOnlyList<ICataloger>? Catalogers { get; init; }

    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>Parent of the scan's own temporary directory (created and deleted by the scan); defaults to the system temp path.</summary>
    public string? TempRoot { get; init; }

    /// <summary>
    /// In rootfs mode, absolute in-image paths whose subtrees are not walked. Defaults to the kernel's
    /// virtual filesystems, which hold no packages and can be endless.
    /// </summary>
    public IReadOnlyList<string> RootfsExcludes { get; init; } = ["/proc", "/sys", "/dev", "/run"];

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
