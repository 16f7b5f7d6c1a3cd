using System.Reflection;
using System.Text;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.DotNet;

namespace SageKeep.UnitTests.Scanning.Catalogers.DotNet;

public sealed class DotNetDepsCatalogerTests
{
    private readonly DotNetDepsCataloger _cataloger = new();

    [Fact]
    public async Task Catalog_FixtureRootfs_MatchesGolden()
    {
        var actual = await LanguageCatalogerGolden.RenderAsync(LanguageCatalogerGolden.FixtureRoot("DotNet"), _cataloger);

        LanguageCatalogerGolden.ShouldMatchGolden(actual, "DotNet", "deps-json");
    }

    [Fact]
    public async Task Reader_FixtureProjects_AreReadAsProjectKind()
    {
        var path = Path.Combine(LanguageCatalogerGolden.FixtureRoot("DotNet"), "app", "MyApp.deps.json");
        await using var content = File.OpenRead(path);

        var (libraries, error) = await DotNetDepsReader.ReadAsync(content, CancellationToken.None);

        error.ShouldBeNull();
        libraries.Where(l => l.Kind == DotNetLibraryKind.Project).Select(l => l.Name).ShouldBe(["MyApp", "MyLib"]);
        libraries.Single(l => l.Name == "System.Runtime.Reference").Kind.ShouldBe(DotNetLibraryKind.Other);
    }

    /// <summary>
    /// The test assembly's own deps.json, written by the SDK at build time: the packages it lists must
    /// include those whose assemblies this test process has loaded, with the versions those assemblies
    /// report in their informational version (an independent source written by each package's build).
    /// </summary>
    [Fact]
    public async Task Catalog_OwnTestAssemblyDepsJson_ListsTheLoadedPackagesWithTheirVersions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SageKeep.UnitTests.deps.json");
        await using var content = File.OpenRead(path);

        var result = await _cataloger.CatalogAsync(new ClaimedFile("/app/SageKeep.UnitTests.deps.json", null, content.Length, content), CancellationToken.None);

        result.Warnings.ShouldBeEmpty();
        var packages = result.Packages.ToDictionary(p => p.Name, p => p.Version);
        packages.ShouldNotContainKey("SageKeep.Scanning"); // a project, not a NuGet package
        foreach (var (packageId, assembly) in new[]
        {
            ("Shouldly", typeof(ShouldBeTestExtensions).Assembly),
            ("xunit.assert", typeof(Assert).Assembly),
            ("System.CommandLine", typeof(System.CommandLine.RootCommand).Assembly),
        })
        {
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            var expectedVersion = informational.Split('+')[0];
            packages.ShouldContainKey(packageId);
            packages[packageId].ShouldBe(expectedVersion, $"{packageId}: informational version {informational}");
            result.Packages.Single(p => p.Name == packageId).Purl.ShouldBe($"pkg:nuget/{packageId}@{expectedVersion}");
        }
    }

    [Theory]
    [InlineData("{}", "no 'libraries' object")]
    [InlineData("{\"libraries\": [] }", "no 'libraries' object")]
    [InlineData("{\"libraries\": {\"NoSlash\": {\"type\":\"package\"}}}", "is not 'Name/Version'")]
    [InlineData("{\"libraries\": {", "not valid JSON")]
    public async Task Catalog_Malformed_GivesWarningNamingTheProblem(string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var result = await _cataloger.CatalogAsync(new ClaimedFile("/a.deps.json", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

        result.Packages.ShouldBeEmpty();
        result.Warnings.ShouldHaveSingleItem().ShouldContain(expected);
    }

    [Fact]
    public async Task Catalog_MalformedEntryAfterGoodOnes_KeepsThePackagesReadBeforeIt()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"libraries\": {\"A/1.0.0\": {\"type\":\"package\"}, \"B\": {}}}");

        var result = await _cataloger.CatalogAsync(new ClaimedFile("/a.deps.json", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

        result.Packages.ShouldHaveSingleItem().Purl.ShouldBe("pkg:nuget/A@1.0.0");
        result.Warnings.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Catalog_InvalidUtf8_GivesWarningNotException()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"libraries\": {\"A/1.0.0\": {\"type\":\"package\"}}}");
        bytes[Array.IndexOf(bytes, (byte)'A')] = 0xFF;

        var result = await _cataloger.CatalogAsync(new ClaimedFile("/a.deps.json", null, bytes.Length, new MemoryStream(bytes)), CancellationToken.None);

        result.Warnings.ShouldHaveSingleItem().ShouldContain("not valid UTF-8");
    }

    [Fact]
    public async Task Catalog_RandomlyDamaged_NeverThrows()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(LanguageCatalogerGolden.FixtureRoot("DotNet"), "app", "MyApp.deps.json"));

        await CatalogerFuzz.TextMutationsNeverThrowAsync(_cataloger, "/app/MyApp.deps.json", text, 2000, 21);
    }

    [Theory]
    [InlineData("/app/MyApp.deps.json", true)]
    [InlineData("/app/MyApp.runtimeconfig.json", false)]
    [InlineData("/app/deps.json.txt", false)]
    public void Claims_DepsJsonFiles(string path, bool expected) => _cataloger.Claims(path, 10).ShouldBe(expected);
}
