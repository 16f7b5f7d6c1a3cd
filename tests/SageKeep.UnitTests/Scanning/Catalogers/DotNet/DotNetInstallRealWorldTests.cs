using System.Runtime.InteropServices;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.DotNet;

namespace SageKeep.UnitTests.Scanning.Catalogers.DotNet;

/// <summary>The deps.json files of the .NET installation running this test.</summary>
public sealed class DotNetInstallRealWorldTests
{
    [Fact]
    public async Task Catalog_SharedFrameworkDepsJson_ReportsTheRuntimeThatRunsThisTest()
    {
        // The runtime directory is .../shared/Microsoft.NETCore.App/<version>/.
        var path = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "Microsoft.NETCore.App.deps.json");
        if (!File.Exists(path))
        {
            return; // A single-file or custom host without the framework's deps.json.
        }

        var result = await CatalogAsync(path);

        result.Warnings.ShouldBeEmpty();
        var runtime = result.Packages.ShouldHaveSingleItem();
        runtime.Name.ShouldStartWith("Microsoft.NETCore.App.Runtime.");
        runtime.Version.ShouldBe(Environment.Version.ToString());
    }

    [Fact]
    public async Task Catalog_EveryDepsJsonOfTheInstallation_ReadsWithoutWarnings()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var files = Directory.EnumerateFiles(root, "*.deps.json", SearchOption.AllDirectories).ToList();
        files.ShouldNotBeEmpty();

        foreach (var path in files)
        {
            var result = await CatalogAsync(path);
            result.Warnings.ShouldBeEmpty(path);
        }
    }

    private static async Task<CatalogResult> CatalogAsync(string path)
    {
        var cataloger = new DotNetDepsCataloger();
        await using var content = File.OpenRead(path);
        cataloger.Claims(path, content.Length).ShouldBeTrue();
        return await cataloger.CatalogAsync(new ClaimedFile(path, null, content.Length, content), CancellationToken.None);
    }
}
