using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Packages;

namespace SageKeep.UnitTests.Scanning.Catalogers;

/// <summary>Runs a cataloger on a fixture file from TestData and renders its packages as golden lines.</summary>
internal static class Golden
{
    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", relative);

    public static async Task<CatalogResult> CatalogAsync(ICataloger cataloger, string relative, string imagePath, string? scratch = null)
    {
        var bytes = await File.ReadAllBytesAsync(Fixture(relative));
        cataloger.Claims(imagePath, bytes.Length).ShouldBeTrue();
        using var content = new MemoryStream(bytes, writable: false);
        return await cataloger.CatalogAsync(new ClaimedFile(imagePath, "sha256:layer", bytes.Length, content) { ScratchDirectory = scratch }, CancellationToken.None);
    }

    public static string[] Lines(IEnumerable<PackageRecord> packages, bool license = false, bool checksum = false) =>
        [.. packages.Select(p =>
            string.Join('|', new[] { p.Name, p.Version, p.Architecture, p.SourceName, p.SourceVersion, p.Purl }
                .Concat(license ? [p.License] : [])
                .Concat(checksum ? [p.Checksum] : [])
                .Select(v => v ?? string.Empty)))
            .Order(StringComparer.Ordinal)];

    public static string[] Expected(string relative) =>
        [.. File.ReadAllLines(Fixture(relative)).Where(l => l.Length > 0)];
}
