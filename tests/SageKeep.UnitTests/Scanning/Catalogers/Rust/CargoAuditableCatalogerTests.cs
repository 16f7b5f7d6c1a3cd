using System.IO.Compression;
using System.Text;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Rust;
using SageKeep.UnitTests.Scanning.Catalogers.Go;

namespace SageKeep.UnitTests.Scanning.Catalogers.Rust;

public sealed class CargoAuditableCatalogerTests
{
    // The format cargo-auditable writes (rust-secure-code/cargo-auditable, auditable-serde): root crate,
    // runtime dependencies, and build-only dependencies marked "kind": "build".
    private const string DependencyJson = """
        {"packages":[
          {"name":"myapp","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
          {"name":"serde","version":"1.0.195","source":"crates.io"},
          {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},
          {"name":"itoa","version":"1.0.10","source":"crates.io","kind":"runtime"}
        ]}
        """;

    private readonly CargoAuditableCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_DepV0Section_ListsRuntimeCratesNotBuildOnes()
    {
        var section = Zlib(Encoding.UTF8.GetBytes(DependencyJson));

        var result = await CatalogAsync(CraftedElf.Build(section, (".dep-v0", 0, section.Length)));

        result.Warnings.ShouldBeEmpty();
        result.Packages.Select(p => $"{p.Name} {p.Version} {p.Purl}").ShouldBe([
            "myapp 0.1.0 pkg:cargo/myapp@0.1.0",
            "serde 1.0.195 pkg:cargo/serde@1.0.195",
            "itoa 1.0.10 pkg:cargo/itoa@1.0.10",
        ]);
    }

    [Fact]
    public async Task Catalog_SectionNotZlib_GivesWarning()
    {
        var section = Encoding.UTF8.GetBytes(DependencyJson);

        var result = await CatalogAsync(CraftedElf.Build(section, (".dep-v0", 0, section.Length)));

        result.Warnings.ShouldHaveSingleItem().ShouldContain("not zlib data");
    }

    [Fact]
    public async Task Catalog_ZlibBomb_IsRefusedAtTheJsonBound()
    {
        var section = Zlib(new byte[CargoAuditableCataloger.MaxJsonBytes + 1]);

        var result = await CatalogAsync(CraftedElf.Build(section, (".dep-v0", 0, section.Length)));

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain($"at most {CargoAuditableCataloger.MaxJsonBytes} bytes");
    }

    [Fact]
    public async Task Catalog_ElfWithoutDepV0_IsEmpty()
    {
        var result = await CatalogAsync(CraftedElf.Build(new byte[64], (".data", 0, 64)));

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Catalog_RandomlyDamagedBinaries_NeverThrow()
    {
        var section = Zlib(Encoding.UTF8.GetBytes(DependencyJson));

        await CatalogerFuzz.ByteMutationsNeverThrowAsync(
            _cataloger, "/usr/local/bin/myapp", CraftedElf.Build(section, (".dep-v0", 0, section.Length)), 3000, 41);
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private ValueTask<CatalogResult> CatalogAsync(byte[] bytes) =>
        _cataloger.CatalogAsync(new ClaimedFile("/usr/local/bin/myapp", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);
}
