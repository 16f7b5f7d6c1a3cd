using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning.Matching;

/// <summary>
/// This machine's real Debian bookworm root filesystem against a Debian-tracker feed built from real data: the
/// installed packages' own <c>changelog.Debian.gz</c>. Every CVE a changelog names is "fixed" (tracker semantics)
/// in the oldest entry that names it. Each source package is then pretended to be installed at an older
/// version taken from its changelog; every CVE whose fixing entry is newer than that version (as
/// <c>dpkg --compare-versions</c>, the reference, says) must be a finding with that fixed version, on every binary
/// package of the source, and no other CVE may be. Without network, no bookworm-security package can be
/// downloaded, so the "installed" version is moved back instead of the fixed one forward. The machine as
/// installed is checked the same way (the feed's "oldest entry naming it" is an unstable version above a
/// stable backport now and then, so a few findings are expected there too, exactly those dpkg orders so).
/// </summary>
public sealed partial class DebianChangelogEvidenceTests
{
    private const int PretendEntriesBack = 3;

    [Fact]
    public async Task BookwormRootfs_ChangelogCvesNewerThanTheInstalledVersion_AreExactlyTheFindings()
    {
        if (!File.Exists("/var/lib/dpkg/status") || !File.ReadAllText("/etc/os-release").Contains("VERSION_CODENAME=bookworm", StringComparison.Ordinal))
        {
            // Not a bookworm machine: the CI machine is, where this runs.
            return;
        }

        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var excludes = Directory.GetDirectories("/").Select(d => "/" + Path.GetFileName(d)).Where(d => d is not ("/etc" or "/var" or "/usr")).ToList();
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource("/"), new ScanOptions { TempRoot = temp.Path, RootfsExcludes = excludes, TimeProvider = time }, CancellationToken.None);
        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        var debs = outcome.Inventory!.Packages.Where(p => p.Type == "deb").ToList();

        // Step 1: per source package, its changelog entries (newest first) and the pretended older version.
        var sources = new Dictionary<string, (string OldVersion, Dictionary<string, string> FixedIn)>(StringComparer.Ordinal);
        foreach (var package in debs)
        {
            var source = package.SourceName ?? package.Name;
            var changelog = Path.Combine("/usr/share/doc", package.Name, "changelog.Debian.gz");
            if (sources.ContainsKey(source) || !File.Exists(changelog))
            {
                continue;
            }

            var entries = ReadChangelog(changelog);
            if (entries.Count <= PretendEntriesBack || entries[0].Source != source || entries[0].Version != (package.SourceVersion ?? package.Version))
            {
                continue;
            }

            // Tracker semantics: a CVE is fixed by the oldest entry that names it.
            var fixedIn = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                foreach (var cve in entry.Cves)
                {
                    fixedIn[cve] = entry.Version;
                }
            }

            if (fixedIn.Count > 0)
            {
                sources[source] = (entries[PretendEntriesBack].Version, fixedIn);
            }
        }

        sources.Count.ShouldBeGreaterThan(10);

        // Step 2: the feed, in the Debian security tracker's JSON shape, and the expectation from dpkg itself.
        var feed = sources.ToDictionary(
            s => s.Key,
            s => s.Value.FixedIn.ToDictionary(
                c => c.Key,
                c => (object)new { description = $"named in the {s.Key} changelog", releases = new { bookworm = new { status = "resolved", fixed_version = c.Value, urgency = "not yet assigned" } } }),
            StringComparer.Ordinal);
        var expected = await ExpectedAsync(debs, sources, s => sources[s].OldVersion);
        expected.Count.ShouldBeGreaterThan(10);

        // As installed, stable updates (~deb12uN) sort below the unstable entry that first named a CVE they
        // backport, so the changelog-derived feed still "finds" those: dpkg says which.
        var installedVersion = debs.GroupBy(p => p.SourceName ?? p.Name).ToDictionary(g => g.Key, g => g.First().SourceVersion ?? g.First().Version, StringComparer.Ordinal);
        var expectedAsInstalled = await ExpectedAsync(debs, sources, s => installedVersion[s]);
        expectedAsInstalled.Count.ShouldBeLessThan(expected.Count);
        var feedPath = Path.Combine(temp.Path, "tracker.json");
        await File.WriteAllTextAsync(feedPath, JsonSerializer.Serialize(feed));

        // Step 3: the rootfs inventory with each fed source's binaries moved back to the older source version.
        var inventory = outcome.Inventory with
        {
            Packages = [.. outcome.Inventory.Packages.Select(p => p.Type == "deb" && sources.TryGetValue(p.SourceName ?? p.Name, out var s) ? p with { SourceVersion = s.OldVersion } : p)],
        };
        var (database, error) = await VulnDatabase.OpenAsync(Path.Combine(temp.Path, "vulndb.sqlite"), time, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync([feedPath], null, null, CancellationToken.None)).Error.ShouldBeNull();

            var result = await new VulnerabilityScanner(database, time).MatchAsync(inventory, CancellationToken.None);

            result.Findings.Select(f => $"{f.PackageName} {f.VulnerabilityId} {f.FixedVersion}").Order(StringComparer.Ordinal)
                .ShouldBe(expected.Distinct().Order(StringComparer.Ordinal));

            (await new VulnerabilityScanner(database, time).MatchAsync(outcome.Inventory, CancellationToken.None)).Findings
                .Select(f => $"{f.PackageName} {f.VulnerabilityId} {f.FixedVersion}").Order(StringComparer.Ordinal)
                .ShouldBe(expectedAsInstalled.Distinct().Order(StringComparer.Ordinal));
        }
    }

    /// <summary>"package CVE fixed-version" for every binary of a fed source whose (source) version dpkg orders below the CVE's fixed version.</summary>
    private static async Task<List<string>> ExpectedAsync(
        List<SageKeep.Scanning.Packages.PackageRecord> debs, Dictionary<string, (string OldVersion, Dictionary<string, string> FixedIn)> sources, Func<string, string> installedVersionOf)
    {
        var expected = new List<string>();
        foreach (var (source, (_, fixedIn)) in sources)
        {
            foreach (var (cve, fixedVersion) in fixedIn)
            {
                if (await DpkgLessThanAsync(installedVersionOf(source), fixedVersion))
                {
                    expected.AddRange(debs.Where(p => (p.SourceName ?? p.Name) == source).Select(p => $"{p.Name} {cve} {fixedVersion}"));
                }
            }
        }

        return expected;
    }

    private static List<(string Source, string Version, List<string> Cves)> ReadChangelog(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        var entries = new List<(string Source, string Version, List<string> Cves)>();
        while (reader.ReadLine() is { } line)
        {
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                entries.Add((header.Groups["source"].Value, header.Groups["version"].Value, []));
            }
            else if (entries.Count > 0)
            {
                entries[^1].Cves.AddRange(CvePattern().Matches(line).Select(m => m.Value).Where(c => !entries[^1].Cves.Contains(c)));
            }
        }

        return entries;
    }

    private static async Task<bool> DpkgLessThanAsync(string a, string b)
    {
        using var process = Process.Start(new ProcessStartInfo("dpkg", ["--compare-versions", a, "lt", b]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBeOneOf(0, 1);
        return process.ExitCode == 0;
    }

    // debian-policy 4.4: "package (version) distribution(s); urgency=urgency".
    [GeneratedRegex(@"^(?<source>[a-z0-9][a-z0-9+.-]+) \((?<version>[^ ()]+)\) [^;]*;")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"CVE-\d{4}-\d{4,7}")]
    private static partial Regex CvePattern();
}
