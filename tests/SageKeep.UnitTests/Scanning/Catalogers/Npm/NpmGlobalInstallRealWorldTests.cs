using System.Diagnostics;
using System.Text.Json;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Npm;

namespace SageKeep.UnitTests.Scanning.Catalogers.Npm;

/// <summary>
/// Reads this machine's global node_modules (npm's own install) and compares the inventory with
/// <c>npm ls -g --all --json</c>, npm's own view of the same tree.
/// </summary>
public sealed class NpmGlobalInstallRealWorldTests
{
    private const string GlobalRoot = "/usr/lib/node_modules";
    private const string Npm = "/usr/bin/npm";

    [Fact]
    public async Task Catalog_GlobalNodeModules_EqualsNpmLs()
    {
        if (!Directory.Exists(GlobalRoot) || !File.Exists(Npm))
        {
            return; // No system npm: nothing to compare against.
        }

        var expected = NpmLsInventory();
        expected.ShouldNotBeEmpty();

        var cataloger = new NpmPackageCataloger();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(GlobalRoot, "package.json", SearchOption.AllDirectories))
        {
            if (!cataloger.Claims(path, new FileInfo(path).Length))
            {
                continue;
            }

            await using var content = File.OpenRead(path);
            var result = await cataloger.CatalogAsync(new ClaimedFile(path, null, content.Length, content), CancellationToken.None);
            result.Warnings.ShouldBeEmpty();
            foreach (var package in result.Packages)
            {
                actual.Add(package.Name + " " + package.Version);
            }
        }

        actual.ShouldBe(expected);
    }

    private static SortedSet<string> NpmLsInventory()
    {
        var start = new ProcessStartInfo(Npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "ls", "-g", "--all", "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        using var document = JsonDocument.Parse(stdout.Result);
        var set = new SortedSet<string>(StringComparer.Ordinal);
        Walk(document.RootElement, set);
        return set;
    }

    private static void Walk(JsonElement node, SortedSet<string> set)
    {
        if (!node.TryGetProperty("dependencies", out var dependencies))
        {
            return;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (dependency.Value.TryGetProperty("version", out var version))
            {
                set.Add(dependency.Name + " " + version.GetString());
            }

            Walk(dependency.Value, set);
        }
    }
}
