using System.Diagnostics;
using System.Text.RegularExpressions;
using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Go;

namespace SageKeep.UnitTests.Scanning.Catalogers.Go;

/// <summary>
/// Debian builds runc, skopeo and umoci with its golang-X.Y toolchain package and records that in the
/// package's Built-Using field: the Go version read from each real binary must be that toolchain's.
/// </summary>
public sealed class GoDebianBinariesRealWorldTests
{
    [Theory]
    [InlineData("runc", "/usr/sbin/runc")]
    [InlineData("skopeo", "/usr/bin/skopeo")]
    [InlineData("umoci", "/usr/bin/umoci")]
    public async Task Catalog_DebianGoBinary_StdlibVersionEqualsBuiltUsingToolchain(string package, string path)
    {
        if (!File.Exists(path) || BuiltUsingGoVersion(package) is not { } toolchain)
        {
            return; // Package not installed here: nothing to compare against.
        }

        var cataloger = new GoBinaryCataloger();
        cataloger.Claims(path, new FileInfo(path).Length).ShouldBeTrue();
        await using var content = File.OpenRead(path);

        var result = await cataloger.CatalogAsync(new ClaimedFile(path, null, content.Length, content), CancellationToken.None);

        result.Warnings.ShouldBeEmpty();
        result.Packages.Single(p => p.Name == "stdlib").Version.ShouldBe("go" + toolchain);
    }

    // "golang-1.19 (= 1.19.8-2)" -> "1.19.8".
    private static string? BuiltUsingGoVersion(string package)
    {
        if (!File.Exists("/usr/bin/dpkg-query"))
        {
            return null;
        }

        var start = new ProcessStartInfo("/usr/bin/dpkg-query") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-W", "-f", "${Built-Using}", package })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = Regex.Match(output, @"golang-\d+\.\d+ \(= (?<v>[0-9.]+)-[^)]*\)");
        return process.ExitCode == 0 && match.Success ? match.Groups["v"].Value : null;
    }
}
