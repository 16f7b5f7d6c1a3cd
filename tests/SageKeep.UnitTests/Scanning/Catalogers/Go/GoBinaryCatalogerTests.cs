using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Go;

namespace SageKeep.UnitTests.Scanning.Catalogers.Go;

public sealed class GoBinaryCatalogerTests
{
    private const string Path = "/usr/local/bin/hello";

    private static readonly string[] ExpectedPackages =
    [
        "example.com/hello v1.2.3 pkg:golang/example.com/hello@v1.2.3",
        "github.com/google/uuid v1.6.0 pkg:golang/github.com/google/uuid@v1.6.0",
        "github.com/local/fork v1.0.0 pkg:golang/github.com/local/fork@v1.0.0",
        "golang.org/x/text v0.14.0 pkg:golang/golang.org/x/text@v0.14.0",
        "stdlib go1.22.1 pkg:golang/stdlib@go1.22.1",
    ];

    private readonly GoBinaryCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_InlineBuildInfoSection_ListsMainModuleDepsAfterReplacementAndStdlib()
    {
        var blob = GoBuildInfoFixture.Inline("go1.22.1", GoBuildInfoFixture.ModuleInfo);
        var elf = CraftedElf.Build(blob, (".go.buildinfo", 0, blob.Length));

        var result = await CatalogAsync(elf);

        result.Warnings.ShouldBeEmpty();
        Render(result).ShouldBe(ExpectedPackages);
        result.Packages.ShouldAllBe(p => p.Type == "golang" && p.Path == Path && p.CatalogerId == "go-binary");
    }

    [Fact]
    public async Task Catalog_InlineBuildInfoWithoutSectionHeaders_IsFoundInTheWritableSegment()
    {
        var blob = GoBuildInfoFixture.Inline("go1.22.1", GoBuildInfoFixture.ModuleInfo);
        var data = new byte[48 + blob.Length];
        blob.CopyTo(data, 48); // 16-byte aligned, not at the segment start

        var result = await CatalogAsync(CraftedElf.Build(data));

        result.Warnings.ShouldBeEmpty();
        Render(result).ShouldBe(ExpectedPackages);
    }

    [Fact]
    public async Task Catalog_PointerBuildInfoBeforeGo118_IsReadThroughTheProgramHeaders()
    {
        var data = GoBuildInfoFixture.Pointers("go1.16.15", GoBuildInfoFixture.ModuleInfo);

        var result = await CatalogAsync(CraftedElf.Build(data, (".go.buildinfo", 0, 32)));

        result.Warnings.ShouldBeEmpty();
        Render(result).ShouldBe([.. ExpectedPackages[..4], "stdlib go1.16.15 pkg:golang/stdlib@go1.16.15"]);
    }

    [Fact]
    public async Task Catalog_GoVersionWithExperiments_KeepsOnlyTheVersion()
    {
        var blob = GoBuildInfoFixture.Inline("go1.21.5 X:boringcrypto", "path\tx\n");

        var result = await CatalogAsync(CraftedElf.Build(blob, (".go.buildinfo", 0, blob.Length)));

        Render(result).ShouldBe(["stdlib go1.21.5 pkg:golang/stdlib@go1.21.5"]);
    }

    [Fact]
    public async Task Catalog_NotElf_IsEmptyWithoutWarning()
    {
        var result = await CatalogAsync("#!/bin/sh\necho hello\n"u8.ToArray());

        result.ShouldBe(CatalogResult.Empty);
    }

    [Fact]
    public async Task Catalog_ElfWithoutBuildInfo_IsEmptyWithoutWarning()
    {
        var result = await CatalogAsync(CraftedElf.Build(new byte[256], (".data", 0, 256)));

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Catalog_TruncatedElf_GivesWarningNamingTheHeaderTable()
    {
        var blob = GoBuildInfoFixture.Inline("go1.22.1", GoBuildInfoFixture.ModuleInfo);
        var elf = CraftedElf.Build(blob, (".go.buildinfo", 0, blob.Length));

        var result = await CatalogAsync(elf[..(elf.Length - 10)]);

        result.Warnings.ShouldHaveSingleItem().ShouldContain("section header table is malformed or outside the file");
    }

    [Fact]
    public async Task Catalog_BuildInfoStringLongerThanTheSection_GivesWarning()
    {
        var blob = GoBuildInfoFixture.Inline("go1.22.1", "path\tx\n");
        blob[32] = 0xFF; // varint length continues...
        blob[33] = 0xFF;
        blob[34] = 0x7F; // ... to about 2 MiB, beyond the data segment

        var result = await CatalogAsync(CraftedElf.Build(blob, (".go.buildinfo", 0, blob.Length)));

        result.Warnings.ShouldHaveSingleItem().ShouldContain("truncated or too long");
    }

    [Fact]
    public async Task Catalog_RandomlyCorruptedBinaries_NeverThrow()
    {
        var blob = GoBuildInfoFixture.Inline("go1.22.1", GoBuildInfoFixture.ModuleInfo);
        var original = CraftedElf.Build(blob, (".go.buildinfo", 0, blob.Length));
        var random = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var corrupted = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                corrupted[random.Next(corrupted.Length)] = (byte)random.Next(256);
            }

            var result = await CatalogAsync(corrupted);
            result.ShouldNotBeNull();
        }
    }

    [Theory]
    [InlineData("/usr/local/bin/hello", 2_000_000, true)]
    [InlineData("/app/server.exe", 2_000_000, true)]
    [InlineData("/usr/local/bin/hello", 1_000, false)]
    [InlineData("/usr/local/bin/hello", 300L * 1024 * 1024, false)]
    [InlineData("/usr/lib/libc.so.6", 2_000_000, false)]
    [InlineData("/usr/share/doc/x/copyright", 2_000_000, false)]
    [InlineData("/usr/share/grafana/bin/grafana", 2_000_000, true)]
    [InlineData("/etc/ld.so.cache", 2_000_000, false)]
    [InlineData("/usr/bin/", 2_000_000, false)]
    public void Claims_ExtensionlessExecutablesOfPlausibleSizeOutsideDataDirectories(string path, long size, bool expected) =>
        _cataloger.Claims(path, size).ShouldBe(expected);

    private ValueTask<CatalogResult> CatalogAsync(byte[] bytes) =>
        _cataloger.CatalogAsync(new ClaimedFile(Path, "sha256:1", bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

    private static string[] Render(CatalogResult result) =>
        result.Packages.Select(p => $"{p.Name} {p.Version} {p.Purl}").Order(StringComparer.Ordinal).ToArray();
}
