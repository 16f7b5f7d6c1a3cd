using System.Text;
using System.Text.RegularExpressions;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Npm;

namespace SageKeep.UnitTests.Scanning.Catalogers.Npm;

public sealed class NpmCatalogerTests
{
    [Fact]
    public async Task Catalog_FixtureRootfs_MatchesGolden()
    {
        var actual = await LanguageCatalogerGolden.RenderAsync(
            LanguageCatalogerGolden.FixtureRoot("Npm"), new NpmPackageCataloger(), new NpmLockfileCataloger());

        // The JSON exception text belongs to the runtime, not to the cataloger.
        actual = Regex.Replace(actual, @"not valid JSON \(.*\)", "not valid JSON (MESSAGE)");
        LanguageCatalogerGolden.ShouldMatchGolden(actual, "Npm", "installed-and-lockfiles");
    }

    [Theory]
    [InlineData("/app/node_modules/a/package.json", true)]
    [InlineData("/app/node_modules/@s/a/package.json", true)]
    [InlineData("/app/node_modules/a/node_modules/b/package.json", true)]
    [InlineData("/app/node_modules/a/lib/package.json", false)]
    [InlineData("/app/node_modules/@s/package.json", false)]
    [InlineData("/app/package.json", false)]
    [InlineData("/app/node_modules/a/package.json.bak", false)]
    public void InstalledClaims_OnlyPackageRootManifests(string path, bool expected) =>
        new NpmPackageCataloger().Claims(path, 100).ShouldBe(expected);

    [Theory]
    [InlineData("/srv/app/package-lock.json", true)]
    [InlineData("/srv/app/npm-shrinkwrap.json", true)]
    [InlineData("/srv/app/node_modules/.package-lock.json", false)]
    [InlineData("/srv/app/package.json", false)]
    public void LockfileClaims_LockfilesAnywhere(string path, bool expected) =>
        new NpmLockfileCataloger().Claims(path, 100).ShouldBe(expected);

    [Theory]
    [InlineData("{\"lockfileVersion\": 3}", "neither a 'packages' nor a 'dependencies' object")]
    [InlineData("{\"packages\": {", "not valid JSON")]
    [InlineData("\"just a string\"", "not a JSON object")]
    public async Task Lockfile_Malformed_GivesWarningNamingTheProblem(string json, string expected)
    {
        var result = await CatalogAsync(new NpmLockfileCataloger(), "/srv/package-lock.json", json);

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Fact]
    public async Task LockfileV1_NestedBeyondDepthLimit_StopsWithWarning()
    {
        var json = new StringBuilder("{\"lockfileVersion\":1,\"dependencies\":");
        const int depth = 130;
        for (var i = 0; i < depth; i++)
        {
            json.Append("{\"p").Append(i).Append("\":{\"version\":\"1.0.0\",\"dependencies\":");
        }

        json.Append("{}").Append(new string('}', depth * 2)).Append('}');

        var result = await CatalogAsync(new NpmLockfileCataloger(), "/srv/package-lock.json", json.ToString());

        result.Warnings.ShouldHaveSingleItem().ShouldContain("deeper than 128 levels");
        result.Packages.Count.ShouldBe(129);
    }

    [Fact]
    public async Task Installed_ScopedUppercaseName_PurlIsLowercasedWithEncodedScope()
    {
        var result = await CatalogAsync(
            new NpmPackageCataloger(), "/n/node_modules/@Scope/Pkg/package.json", "{\"name\":\"@Scope/Pkg\",\"version\":\"1.0.0\"}");

        var package = result.Packages.ShouldHaveSingleItem();
        package.Name.ShouldBe("@Scope/Pkg");
        package.Purl.ShouldBe("pkg:npm/%40scope/pkg@1.0.0");
    }

    [Theory]
    [InlineData("{\"name\":\"/\",\"version\":\"1.0.0\"}")]
    [InlineData("{\"name\":\"a\",\"version\":1}")]
    [InlineData("{\"name\":[],\"version\":\"1\"}")]
    public async Task Installed_UnusableNameOrVersion_IsSkippedQuietly(string json)
    {
        var result = await CatalogAsync(new NpmPackageCataloger(), "/n/node_modules/a/package.json", json);

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Lockfile_InvalidUtf8InAString_GivesWarningNotException()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"packages\": {\"node_modules/aXb\": {\"version\": \"1.0.0\"}}}");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xC3; // a lead byte without its continuation

        var result = await new NpmLockfileCataloger().CatalogAsync(
            new ClaimedFile("/srv/package-lock.json", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain("not valid UTF-8");
    }

    [Fact]
    public async Task Installed_Utf8ByteOrderMark_IsAccepted()
    {
        var bytes = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"name\":\"bom\",\"version\":\"1.0.0\"}")];

        var result = await new NpmPackageCataloger().CatalogAsync(
            new ClaimedFile("/n/node_modules/bom/package.json", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

        result.Packages.ShouldHaveSingleItem().Purl.ShouldBe("pkg:npm/bom@1.0.0");
    }

    [Theory]
    [InlineData("srv/app-v1/package-lock.json", 11)]
    [InlineData("srv/app-v2/package-lock.json", 12)]
    [InlineData("srv/app-v3/package-lock.json", 13)]
    public async Task Lockfile_RandomlyDamaged_NeverThrows(string fixture, int seed)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(LanguageCatalogerGolden.FixtureRoot("Npm"), fixture));

        await CatalogerFuzz.TextMutationsNeverThrowAsync(new NpmLockfileCataloger(), "/srv/package-lock.json", text, 1500, seed);
    }

    private static ValueTask<CatalogResult> CatalogAsync(ICataloger cataloger, string path, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return cataloger.CatalogAsync(new ClaimedFile(path, null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);
    }
}
