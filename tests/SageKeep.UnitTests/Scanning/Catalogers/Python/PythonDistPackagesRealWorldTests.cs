using System.Diagnostics;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Python;

namespace SageKeep.UnitTests.Scanning.Catalogers.Python;

/// <summary>
/// Reads the Debian python3 dist-packages directory of this machine and compares the inventory with
/// what Python's own importlib.metadata reports for exactly that directory.
/// </summary>
public sealed class PythonDistPackagesRealWorldTests
{
    private const string DistPackages = "/usr/lib/python3/dist-packages";
    private const string SystemPython = "/usr/bin/python3";

    [Fact]
    public async Task Catalog_SystemDistPackages_EqualsImportlibMetadata()
    {
        if (!Directory.Exists(DistPackages) || !File.Exists(SystemPython))
        {
            return; // Not a Debian-style system: nothing to compare against.
        }

        var expected = ImportlibInventory();
        expected.ShouldNotBeEmpty();

        var cataloger = new PythonPackageCataloger();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(DistPackages, "*", SearchOption.AllDirectories))
        {
            if (!File.Exists(path) || !cataloger.Claims(path, new FileInfo(path).Length))
            {
                continue;
            }

            await using var content = File.OpenRead(path);
            var result = await cataloger.CatalogAsync(new ClaimedFile(path, null, content.Length, content), CancellationToken.None);
            warnings.AddRange(result.Warnings);
            foreach (var package in result.Packages)
            {
                actual.Add(package.Name + " " + package.Version);
            }
        }

        warnings.ShouldBeEmpty();
        actual.ShouldBe(expected);
    }

    private static SortedSet<string> ImportlibInventory()
    {
        // importlib.metadata finds *.dist-info and *.egg-info directly in the path; PEP 503 normalisation
        // is applied here in Python so the two sides are computed independently.
        const string script =
            "import importlib.metadata as m, re\n" +
            "for d in m.distributions(path=['" + DistPackages + "']):\n" +
            "    n = d.metadata['Name']\n" +
            "    if n: print(re.sub(r'[-_.]+', '-', n).lower() + ' ' + d.version)\n";
        var start = new ProcessStartInfo(SystemPython) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
        return new SortedSet<string>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }
}
