using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Os;
using SageKeep.Scanning.Packages;
using SageKeep.UnitTests.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.Matching;

/// <summary>Crafted inventories and a scanner over a temporary database.</summary>
internal static class MatchTestKit
{
    public static readonly OsInfo Alpine311 = new("alpine", "3.11.5", null, "Alpine Linux v3.11", "/etc/os-release");
    public static readonly OsInfo Bookworm = new("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "/etc/os-release");
    public static readonly OsInfo Alma8 = new("almalinux", "8.9", null, "AlmaLinux 8.9", "/etc/os-release");
    public static readonly OsInfo Wolfi = new("wolfi", "20230201", null, "Wolfi", "/etc/os-release");

    public static PackageRecord Package(string name, string version, string type, string? source = null, string? sourceVersion = null) =>
        new(name, version, type, Purl.For(type, null, name, version), $"/pkgdb/{type}/{name}", "sha256:" + new string('a', 64), "test")
        {
            SourceName = source,
            SourceVersion = sourceVersion,
        };

    public static ImageInventory Image(OsInfo? os, params PackageRecord[] packages) =>
        new("crafted:latest", ImageFormat.OciLayout, "sha256:" + new string('b', 64), "sha256:" + new string('c', 64), null, [], os, packages, [], [],
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public static Task<ScanResult> MatchAsync(TempDatabase temp, ImageInventory inventory) =>
        new VulnerabilityScanner(temp.Database, temp.Time).MatchAsync(inventory, CancellationToken.None);

    public static IEnumerable<string> Pairs(ScanResult result) =>
        result.Findings.Select(f => $"{f.PackageName} {f.VulnerabilityId}").Order(StringComparer.Ordinal);
}
