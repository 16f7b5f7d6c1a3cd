using System.Text;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Rust;

namespace SageKeep.UnitTests.Scanning.Catalogers.Rust;

public sealed class CargoLockCatalogerTests
{
    private readonly CargoLockCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_FixtureRootfs_MatchesGolden()
    {
        var actual = await LanguageCatalogerGolden.RenderAsync(LanguageCatalogerGolden.FixtureRoot("Rust"), _cataloger);

        LanguageCatalogerGolden.ShouldMatchGolden(actual, "Rust", "cargo-lock");
    }

    [Theory]
    [InlineData("[[package]]\nname = \"a\"\nversion = 1\n", "has no name or version")]
    [InlineData("[[package]]\nthis is not toml\n", "neither a table header nor 'key = value'")]
    public async Task Catalog_Malformed_GivesWarningNamingTheProblem(string text, string expected)
    {
        var result = await CatalogAsync(text);

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Fact]
    public async Task Catalog_EscapedStrings_AreDecoded()
    {
        var result = await CatalogAsync("[[package]]\nname = \"we\\u0069rd\\\"name\"\nversion = \"1.0.0\"\n");

        var package = result.Packages.ShouldHaveSingleItem();
        package.Name.ShouldBe("weird\"name");
        package.Purl.ShouldBe("pkg:cargo/weird%22name@1.0.0");
    }

    [Fact]
    public async Task Catalog_RandomlyDamaged_NeverThrows()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(LanguageCatalogerGolden.FixtureRoot("Rust"), "src", "tool", "Cargo.lock"));

        await CatalogerFuzz.TextMutationsNeverThrowAsync(_cataloger, "/src/Cargo.lock", text, 2000, 31);
    }

    [Fact]
    public void Claims_OnlyCargoLock()
    {
        _cataloger.Claims("/src/Cargo.lock", 10).ShouldBeTrue();
        _cataloger.Claims("/src/Cargo.toml", 10).ShouldBeFalse();
        _cataloger.Claims("/src/cargo.lock", 10).ShouldBeFalse();
    }

    private ValueTask<CatalogResult> CatalogAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _cataloger.CatalogAsync(new ClaimedFile("/src/Cargo.lock", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);
    }
}
