using System.Diagnostics;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Python;

namespace SageKeep.UnitTests.Scanning.Catalogers.Python;

/// <summary>
/// Reads real Python installations of this machine (Debian's python3 dist-packages, and the
/// site-packages of the python3 found on PATH) and compares the inventory with what Python's own
/// importlib.metadata reports for exactly that directory.
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

        await CompareAsync(SystemPython, DistPackages);
    }

    [Fact]
    public async Task Catalog_SitePackagesOfPythonOnPath_EqualsImportlibMetadata()
    {
        var sites = RunPython("python3", "import site\nfor p in site.getsitepackages(): print(p)\n");
        foreach (var site in sites.Where(Directory.Exists))
        {
            await CompareAsync("python3", site);
        }
    }

    private static async Task CompareAsync(string python, string directory)
    {
        var expected = ImportlibInventory(python, directory);
        expected.ShouldNotBeEmpty();

        var cataloger = new PythonPackageCataloger();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
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

        warnings.ShouldBeEmpty(directory);
        actual.ShouldBe(expected, directory);
    }

    private static SortedSet<string> ImportlibInventory(string python, string directory)
    {
        // importlib.metadata finds *.dist-info and *.egg-info directly in the path; PEP 503 normalisation
        // is applied here in Python so the two sides are computed independently.
        const string script =
            "import importlib.metadata as m, re, sys\n" +
            "for d in m.distributions(path=[sys.argv[1]]):\n" +
            "    n = d.metadata['Name']\n" +
            "    if n: print(re.sub(r'[-_.]+', '-', n).lower() + ' ' + d.version)\n";
        return new SortedSet<string>(RunPython(python, script, directory), StringComparer.Ordinal);
    }

    private static string[] RunPython(string python, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return []; // No such interpreter on this machine.
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, stderr.Result);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
