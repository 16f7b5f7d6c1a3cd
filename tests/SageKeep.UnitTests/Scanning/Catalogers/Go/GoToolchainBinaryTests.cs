using SageKeep.Scanning.Catalogers;
using SageKeep.Scanning.Catalogers.Go;

namespace SageKeep.UnitTests.Scanning.Catalogers.Go;

/// <summary>
/// A real binary built by the Go toolchain (TestData/Scanning/Catalogers/Go/module-binary/generate.sh)
/// next to what <c>go version -m</c> printed for it at generation time: the cataloger must agree with
/// the toolchain's own reading.
/// </summary>
public sealed class GoToolchainBinaryTests
{
    private static readonly string Fixture =
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "Catalogers", "Go", "module-binary");

    [Fact]
    public async Task Catalog_RealGoModuleBinary_AgreesWithGoVersionM()
    {
        var expected = ExpectedFromGoVersionM();
        var path = Path.Combine(Fixture, "hello");
        var cataloger = new GoBinaryCataloger();
        await using var content = File.OpenRead(path);
        cataloger.Claims("/usr/local/bin/hello", content.Length).ShouldBeTrue();

        var result = await cataloger.CatalogAsync(new ClaimedFile("/usr/local/bin/hello", null, content.Length, content), CancellationToken.None);

        result.Warnings.ShouldBeEmpty();
        result.Packages.Select(p => p.Name + " " + p.Version).Order(StringComparer.Ordinal).ShouldBe(expected);
    }

    // Modules as `go version -m` lists them ("\tmod|dep\tpath\tversion[\tsum]", then an optional
    // "\t=>\tpath\tversion" replacement, kept only when it is another module rather than a directory),
    // plus the standard library at the toolchain version `go version` printed.
    private static string[] ExpectedFromGoVersionM()
    {
        var modules = new List<(string Path, string Version)>();
        foreach (var line in File.ReadAllLines(Path.Combine(Fixture, "go-version-m.txt")))
        {
            var fields = line.TrimStart('\t').Split('\t');
            if (fields[0] is "mod" or "dep")
            {
                modules.Add((fields[1], fields[2]));
            }
            else if (fields[0] == "=>" && !fields[1].StartsWith('.') && !fields[1].StartsWith('/'))
            {
                modules[^1] = (fields[1], fields[2]);
            }
        }

        modules.ShouldNotBeEmpty();
        var goVersion = File.ReadAllText(Path.Combine(Fixture, "go-version.txt")).Trim();
        return [.. modules.Select(m => m.Path + " " + m.Version).Append("stdlib " + goVersion).Order(StringComparer.Ordinal)];
    }
}
