using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.UnitTests.Scanning.Images;

namespace SageKeep.UnitTests.Scanning.Layers;

internal static class Scans
{
    public static string Apk(string name, string version, string origin) =>
        $"C:Q1abc=\nP:{name}\nV:{version}\nA:x86_64\nL:MIT\no:{origin}\nt:1580000000\n\n";

    public static string Dpkg(string name, string version, string? source = null, string status = "install ok installed") =>
        $"Package: {name}\nStatus: {status}\nPriority: optional\nArchitecture: amd64\n" + (source is null ? string.Empty : $"Source: {source}\n") + $"Version: {version}\nDescription: test\n a long description\n\n";

    public static async Task<InventoryOutcome> ScanAsync(TestImage image, string path, ScanLimits? limits = null, string? platform = null)
    {
        var options = new ScanOptions
        {
            TempRoot = Directory.CreateDirectory(Path.Combine(image.Root, "scan-temp")).FullName,
            Limits = limits ?? ScanLimits.Default,
            Platform = platform is null ? null : ImagePlatform.Parse(platform),
        };
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(path), options, CancellationToken.None);

        // The scan's own temp directory is gone afterwards, whatever the outcome.
        Directory.EnumerateFileSystemEntries(options.TempRoot).ShouldBeEmpty();
        return outcome;
    }

    public static string[] Names(InventoryOutcome outcome)
    {
        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        return [.. outcome.Inventory!.Packages.Select(p => $"{p.Name} {p.Version}").Order(StringComparer.Ordinal)];
    }
}
