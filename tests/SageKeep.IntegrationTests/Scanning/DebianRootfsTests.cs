using System.Diagnostics;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// The machine's own root filesystem in rootfs mode (read-only) against dpkg-query, the reference reader of the
/// same database: the installed packages must be equal, package for package.
/// </summary>
public sealed class DebianRootfsTests
{
    [Fact]
    public async Task Scan_OfThisMachinesRoot_EqualsDpkgQueryPackageForPackage()
    {
        var expected = await DpkgQueryAsync();
        if (expected is null)
        {
            // Not a dpkg system: nothing to compare with (the CI machine is Debian, where this runs).
            return;
        }

        // Only the trees that hold OS package databases are walked; the rest of the machine is large and irrelevant.
        var excludes = Directory.GetDirectories("/")
            .Select(d => "/" + Path.GetFileName(d))
            .Where(d => d is not ("/etc" or "/var" or "/usr"))
            .ToList();
        using var temp = new TempDirectory();
        var options = new ScanOptions { TempRoot = temp.Path, RootfsExcludes = excludes };

        var outcome = await InventoryBuilder.BuildAsync(new ImageSource("/"), options, CancellationToken.None);

        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        outcome.Inventory!.Format.ShouldBe(ImageFormat.Rootfs);
        outcome.Inventory.Os!.Id.ShouldBe("debian");
        var actual = outcome.Inventory.Packages
            .Where(p => p.Type == "deb")
            .Select(p => $"{p.Name} {p.Version} {p.SourceName ?? p.Name} {p.SourceVersion ?? p.Version}")
            .Order(StringComparer.Ordinal)
            .ToList();
        actual.Count.ShouldBeGreaterThan(50);
        actual.ShouldBe(expected);
    }

    private static async Task<List<string>?> DpkgQueryAsync()
    {
        var start = new ProcessStartInfo("dpkg-query", ["-W", "-f", "${db:Status-Status} ${Package} ${Version} ${source:Package} ${source:Version}\n"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0);
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith("installed ", StringComparison.Ordinal))
                .Select(l => l["installed ".Length..])
                .Order(StringComparer.Ordinal)];
        }
    }
}
