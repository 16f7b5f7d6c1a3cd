using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning.Matching;

/// <summary>
/// The real Alpine 3.11 image against the real Alpine 3.11 secdb: the findings must be exactly the (package, CVE)
/// pairs where the installed version is lower than the secdb fixed version for the package's origin. The
/// expected pairs come from the image's package list read independently (the golden file) and the secdb JSON
/// read with a plain JSON parser, compared with <see cref="ApkOracle"/>, not with SageKeep's comparer.
/// </summary>
public sealed class AlpineSecDbEvidenceTests
{
    private static string SecDb => Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "alpine-secdb", "v3.11", "main.json");

    [Fact]
    public async Task Alpine311Image_FindingsAreExactlyThePairsBelowTheSecdbFixedVersion()
    {
        var expected = ExpectedPairs();
        expected.Count.ShouldBeGreaterThan(20);
        expected.ShouldContain("libssl1.1 CVE-2021-3711 1.1.1l-r0");
        expected.ShouldContain("zlib CVE-2022-37434 1.2.11-r4");
        expected.ShouldContain("musl CVE-2020-28928 1.1.24-r3");

        // Fixed exactly at the installed version (openssl 1.1.1d-r3) and "0" (busybox, not affected) are not findings.
        expected.ShouldNotContain(p => p.Contains("CVE-2019-1551", StringComparison.Ordinal));
        expected.ShouldNotContain(p => p.Contains("CVE-2021-42373", StringComparison.Ordinal));

        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var (database, error) = await VulnDatabase.OpenAsync(Path.Combine(temp.Path, "vulndb.sqlite"), time, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync([SecDb], null, null, CancellationToken.None)).Error.ShouldBeNull();
            var scanner = new VulnerabilityScanner(database, time);

            var result = await scanner.ScanAsync(new ImageSource(Image("alpine-311.docker-archive.tar.gz")), new ScanOptions { TempRoot = temp.Path, TimeProvider = time }, CancellationToken.None);

            result.Findings.Select(f => $"{f.PackageName} {f.VulnerabilityId} {f.FixedVersion}").Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
            result.Findings.ShouldAllBe(f => f.FixState == FindingFixState.Fixed && f.MatchedNamespace == "alpine:3.11" && f.Aliases.Count == 0);
            result.Findings.Where(f => f.PackageName == "libssl1.1").ShouldAllBe(f => f.SourcePackage == "openssl");
        }
    }

    /// <summary>"package CVE fixed-version" for every installed package and every secdb fix of its origin above the installed version.</summary>
    private static List<string> ExpectedPairs()
    {
        var installed = File.ReadAllLines(Image("alpine-311.apk.golden"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' '))
            .Select(f => (Name: f[0], Version: f[1], Origin: f[2]))
            .ToList();
        installed.Count.ShouldBe(14);

        using var secdb = JsonDocument.Parse(File.ReadAllBytes(SecDb));
        var fixes = new Dictionary<string, List<(string Fixed, string Cve)>>();
        foreach (var package in secdb.RootElement.GetProperty("packages").EnumerateArray())
        {
            var pkg = package.GetProperty("pkg");
            var list = fixes.TryGetValue(pkg.GetProperty("name").GetString()!, out var existing) ? existing : fixes[pkg.GetProperty("name").GetString()!] = [];
            foreach (var fix in pkg.GetProperty("secfixes").EnumerateObject())
            {
                list.AddRange(fix.Value.EnumerateArray().Select(c => (fix.Name, c.GetString()!.Split(' ')[0])));
            }
        }

        var pairs = new List<string>();
        foreach (var (name, version, origin) in installed)
        {
            foreach (var (fixedVersion, cve) in fixes.GetValueOrDefault(origin) ?? [])
            {
                if (fixedVersion != "0" && ApkOracle.Compare(version, fixedVersion) < 0)
                {
                    pairs.Add($"{name} {cve} {fixedVersion}");
                }
            }
        }

        return pairs.Distinct().ToList();
    }
}
