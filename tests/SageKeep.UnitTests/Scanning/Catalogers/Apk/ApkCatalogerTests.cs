using SageKeep.Scanning.Catalogers.Apk;

namespace SageKeep.UnitTests.Scanning.Catalogers.Apk;

public sealed class ApkCatalogerTests
{
    [Fact]
    public async Task Catalog_OfInstalledDatabase_MatchesTheGoldenFile()
    {
        var result = await Golden.CatalogAsync(new ApkCataloger(), "Apk/installed", "/lib/apk/db/installed");

        Golden.Lines(result.Packages, license: true, checksum: true).ShouldBe(Golden.Expected("Apk/installed.golden"));
        result.Packages.ShouldAllBe(p => p.Type == "apk" && p.CatalogerId == "apk");
    }

    [Fact]
    public async Task Catalog_OfStanzaWithoutVersion_WarnsInsteadOfFailing()
    {
        var result = await Golden.CatalogAsync(new ApkCataloger(), "Apk/installed", "/lib/apk/db/installed");

        result.Warnings.Count.ShouldBe(1);
        result.Warnings[0].ShouldContain("no P: or V:");
    }

    [Theory]
    [InlineData("/lib/apk/db/installed", true)]
    [InlineData("/lib/apk/db/installed.bak", false)]
    [InlineData("/usr/lib/apk/db/installed", false)]
    public void Claims_SelectsOnlyTheInstalledDatabase(string path, bool claimed) =>
        new ApkCataloger().Claims(path, 10).ShouldBe(claimed);
}
