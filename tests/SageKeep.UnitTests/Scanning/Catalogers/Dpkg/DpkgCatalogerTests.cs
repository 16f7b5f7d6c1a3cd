using SageKeep.Scanning.Catalogers.Dpkg;

namespace SageKeep.UnitTests.Scanning.Catalogers.Dpkg;

public sealed class DpkgCatalogerTests
{
    [Fact]
    public async Task Catalog_OfStatusFile_MatchesTheGoldenFile()
    {
        var result = await Golden.CatalogAsync(new DpkgCataloger(), "Dpkg/status", "/var/lib/dpkg/status");

        Golden.Lines(result.Packages).ShouldBe(Golden.Expected("Dpkg/status.golden"));
        result.Packages.ShouldAllBe(p => p.Path == "/var/lib/dpkg/status" && p.LayerDigest == "sha256:layer" && p.CatalogerId == "dpkg" && p.Type == "deb");
    }

    [Fact]
    public async Task Catalog_OfParagraphWithoutVersion_WarnsAndNamesThePackage()
    {
        var result = await Golden.CatalogAsync(new DpkgCataloger(), "Dpkg/status", "/var/lib/dpkg/status");

        result.Warnings.ShouldContain(w => w.Contains("no-version", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_OfDistrolessStatusFileWithoutStatusField_TreatsThePackageAsInstalled()
    {
        var result = await Golden.CatalogAsync(new DpkgCataloger(), "Dpkg/distroless-base-files", "/var/lib/dpkg/status.d/base-files");

        Golden.Lines(result.Packages).ShouldBe(["base-files|12.4+deb12u5|amd64|base-files||pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64"]);
    }

    [Theory]
    [InlineData("/var/lib/dpkg/status", true)]
    [InlineData("/var/lib/dpkg/status.d/base", true)]
    [InlineData("/var/lib/dpkg/status.d/base.md5sums", false)]
    [InlineData("/var/lib/dpkg/status-old", false)]
    [InlineData("/var/lib/dpkg/status.d/sub/x", false)]
    public void Claims_SelectsOnlyTheStatusDatabase(string path, bool claimed) =>
        new DpkgCataloger().Claims(path, 10).ShouldBe(claimed);

    [Theory]
    [InlineData(null, "bin", "bin", null)]
    [InlineData("glibc", "libc6", "glibc", null)]
    [InlineData("util-linux (2.38.1-5)", "bsdutils", "util-linux", "2.38.1-5")]
    public void ParseSource_SplitsNameAndOptionalVersion(string? source, string binary, string name, string? version) =>
        DpkgCataloger.ParseSource(source, binary).ShouldBe((name, version));
}
