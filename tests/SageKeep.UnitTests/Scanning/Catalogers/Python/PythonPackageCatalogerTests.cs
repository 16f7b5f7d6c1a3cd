using System.Text;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Python;

namespace SageKeep.UnitTests.Scanning.Catalogers.Python;

public sealed class PythonPackageCatalogerTests
{
    private readonly PythonPackageCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_FixtureRootfs_MatchesGolden()
    {
        var actual = await LanguageCatalogerGolden.RenderAsync(LanguageCatalogerGolden.FixtureRoot("Python"), _cataloger);

        LanguageCatalogerGolden.ShouldMatchGolden(actual, "Python", "installed");
    }

    [Theory]
    [InlineData("/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA", true)]
    [InlineData("/usr/local/lib/python3.11/site-packages/a-1.egg-info/PKG-INFO", true)]
    [InlineData("/usr/lib/python3/dist-packages/a-1.egg-info", true)]
    [InlineData("/usr/lib/python3/dist-packages/a-1.dist-info/RECORD", false)]
    [InlineData("/opt/a-1.dist-info/METADATA", false)]
    [InlineData("/usr/lib/python3/dist-packages/a-1.dist-info/METADATA.bak", false)]
    public void Claims_OnlyMetadataFilesUnderSitePackages(string path, bool expected) =>
        _cataloger.Claims(path, 100).ShouldBe(expected);

    [Fact]
    public void Claims_RefusesEmptyAndOversizedFiles()
    {
        const string path = "/usr/lib/python3/dist-packages/a-1.dist-info/METADATA";
        _cataloger.Claims(path, 0).ShouldBeFalse();
        _cataloger.Claims(path, PythonPackageCataloger.MaxFileBytes + 1).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Django", "django")]
    [InlineData("Foo_Bar.Baz", "foo-bar-baz")]
    [InlineData("a--__..b", "a-b")]
    [InlineData("zope.interface", "zope-interface")]
    public void NormaliseName_FollowsPep503(string name, string expected) =>
        PythonPackageCataloger.NormaliseName(name).ShouldBe(expected);

    [Theory]
    [InlineData("Name: x\nVersion 1.0\n", "is not a 'Field: value' header")]
    [InlineData("  continued\nName: x\n", "continues a header that does not exist")]
    [InlineData("Name: bad name!\nVersion: 1\n", "is not a valid distribution name")]
    [InlineData("Name: x\n", "has no Version field")]
    public async Task Catalog_MalformedMetadata_GivesWarningNamingTheProblem(string text, string expected)
    {
        var result = await CatalogAsync(Encoding.UTF8.GetBytes(text));

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Fact]
    public async Task Catalog_OverlongHeaderLine_IsRefusedWithWarning()
    {
        var text = "Name: x\nSummary: " + new string('a', PythonMetadataReader.MaxLineChars + 1) + "\nVersion: 1\n";

        var result = await CatalogAsync(Encoding.UTF8.GetBytes(text));

        result.Warnings.ShouldHaveSingleItem().ShouldContain("longer than");
    }

    [Fact]
    public async Task Catalog_RandomBinary_GivesWarningNotException()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);

        var result = await CatalogAsync(bytes);

        result.Packages.ShouldBeEmpty();
        result.Warnings.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Catalog_RandomlyDamaged_NeverThrows()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(
            LanguageCatalogerGolden.FixtureRoot("Python"), "usr", "lib", "python3", "dist-packages", "PyYAML-6.0.dist-info", "METADATA"));

        await CatalogerFuzz.TextMutationsNeverThrowAsync(_cataloger, "/usr/lib/python3/dist-packages/x.dist-info/METADATA", text, 2000, 51);
    }

    private ValueTask<CatalogResult> CatalogAsync(byte[] bytes) =>
        _cataloger.CatalogAsync(
            new ClaimedFile("/usr/lib/python3/dist-packages/x-1.dist-info/METADATA", null, bytes.Length, new MemoryStream(bytes)),
            CancellationToken.None);
}
