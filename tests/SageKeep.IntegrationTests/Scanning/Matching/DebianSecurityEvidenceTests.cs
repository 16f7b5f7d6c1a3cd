using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Packages;
using SageKeep.Scanning.VulnDb;
using Xunit.Abstractions;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning.Matching;

/// <summary>
/// This machine's real Debian bookworm root filesystem (its <c>/var/lib/dpkg/status</c>) against a Debian-tracker feed
/// built from real data: for installed packages that have a newer version in bookworm-security, that version's .deb
/// (fetched beforehand by <c>.ci/fetch-debian-security-debs.sh</c>, which <c>.ci/run</c> calls; the test itself uses no
/// network) is unpacked with <c>dpkg-deb -x</c> and its <c>changelog.Debian.gz</c> read here, independently of the
/// scanner. Every CVE named in an entry newer than the installed version must be a finding of that source package
/// with the version of the (oldest such) entry naming it as the fixed version; every CVE named only in entries at or
/// below the installed version is in the feed too, fixed at a version at or below the installed one, and must not be
/// a finding. Version order is <c>dpkg --compare-versions</c>'s, never the scanner's.
/// Without the fetched .debs (a developer's <c>dotnet test</c> without <c>.ci/run</c>) the test does not pass on
/// nothing: it says so in its output and checks the same rules against the installed changelogs, each package
/// pretended to be installed at the version three entries back (what <see cref="DebianChangelogEvidenceTests"/>
/// also does, with its own feed semantics).
/// </summary>
public sealed partial class DebianSecurityEvidenceTests(ITestOutputHelper output)
{
    /// <summary>Where the .debs are: this variable, else <c>.cache/debian-security-debs</c> in the checkout.</summary>
    public const string DebsVariable = "SAGEKEEP_DEBIAN_SECURITY_DEBS";

    private const int FallbackEntriesBack = 3;
    private const int FallbackSources = 18;

    [Fact]
    public async Task BookwormRootfs_CvesOfSecurityChangelogEntriesNewerThanInstalled_AreExactlyTheFindings()
    {
        if (!File.Exists("/var/lib/dpkg/status") || !File.ReadAllText("/etc/os-release").Contains("VERSION_CODENAME=bookworm", StringComparison.Ordinal))
        {
            output.WriteLine("not a Debian bookworm machine: nothing to check here (CI's machine is one)");
            return;
        }

        using var temp = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var excludes = Directory.GetDirectories("/").Select(d => "/" + Path.GetFileName(d)).Where(d => d is not ("/etc" or "/var" or "/usr")).ToList();
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource("/"), new ScanOptions { TempRoot = temp.Path, RootfsExcludes = excludes, TimeProvider = time }, CancellationToken.None);
        outcome.Succeeded.ShouldBeTrue(outcome.Error?.ToString());
        var inventory = outcome.Inventory!;
        var debs = inventory.Packages.Where(p => p.Type == "deb").ToList();
        var installed = debs.GroupBy(SourceOf).ToDictionary(g => g.Key, g => g.First().SourceVersion ?? g.First().Version, StringComparer.Ordinal);

        var debsDirectory = Environment.GetEnvironmentVariable(DebsVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot(), ".cache", "debian-security-debs");
        var fetched = Directory.Exists(debsDirectory) ? Directory.GetFiles(debsDirectory, "*.deb").Order(StringComparer.Ordinal).ToList() : [];
        List<Case> cases;
        if (fetched.Count > 0)
        {
            cases = await FromSecurityDebsAsync(fetched, installed, temp.Path);
            output.WriteLine($"evidence: {cases.Count} bookworm-security .debs from {debsDirectory} against the installed versions");
        }
        else
        {
            output.WriteLine($"NOTE: no bookworm-security .debs in {debsDirectory} (run `bash .ci/fetch-debian-security-debs.sh`, which .ci/run does, or set {DebsVariable});");
            output.WriteLine($"      falling back to the installed changelogs, each package pretended to be installed {FallbackEntriesBack} entries back");
            cases = FromInstalledChangelogs(debs, installed);
            var pretended = cases.ToDictionary(c => c.Source, c => c.Installed, StringComparer.Ordinal);
            inventory = inventory with
            {
                Packages = [.. inventory.Packages.Select(p => p.Type == "deb" && pretended.TryGetValue(SourceOf(p), out var v) ? p with { SourceVersion = v } : p)],
            };
        }

        cases.Count.ShouldBeGreaterThan(0, $"no usable package in {debsDirectory} or among the installed changelogs");

        // The feed (the Debian security tracker's JSON shape) and the expectation, per source package.
        var feed = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var notFindings = new HashSet<(string Source, string Cve)>();
        foreach (var c in cases)
        {
            var order = await CompareWithInstalledAsync(c.Installed, c.Entries.Select(e => e.Version).ToList());
            var boundary = order.FindIndex(isNewer => !isNewer);
            boundary = boundary < 0 ? c.Entries.Count : boundary;
            if (boundary == 0)
            {
                // Upgraded since the .deb was fetched: nothing newer to find.
                output.WriteLine($"  skipped {c.Source}: its newest changelog entry {c.Entries[0].Version} is not newer than the installed {c.Installed}");
                continue;
            }


            var cves = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = c.Entries.Count - 1; i >= boundary; i--)
            {
                // Named only in an entry at or below the installed version: the installed package has its fix. The fixed
                // version is that entry's, or, for an unstable entry ordered above a stable update that carries it
                // (x-1 > x-1~deb12u1), the oldest entry above it that dpkg orders at or below the installed version.
                foreach (var cve in c.Entries[i].Cves.Where(cve => !cves.ContainsKey(cve)))
                {
                    var j = i;
                    while (order[j])
                    {
                        j--;
                    }

                    cves[cve] = Tracker(c.Source, c.Entries[j].Version);
                    notFindings.Add((c.Source, cve));
                }
            }

            var newer = new HashSet<string>(StringComparer.Ordinal);
            for (var i = boundary - 1; i >= 0; i--)
            {
                // Named in an entry newer than the installed version (the oldest such entry wins, tracker semantics).
                foreach (var cve in c.Entries[i].Cves.Where(newer.Add))
                {
                    cves[cve] = Tracker(c.Source, c.Entries[i].Version);
                    notFindings.Remove((c.Source, cve));
                    expected.Add($"{c.Source} {cve} {c.Entries[i].Version}");
                }
            }

            feed[c.Source] = cves;
            output.WriteLine($"  {c.Source}: installed {c.Installed}, changelog top {c.Entries[0].Version}, {boundary} newer entries, {cves.Count} CVEs named");
        }

        feed.Count.ShouldBeGreaterThan(0, "no package is older than its changelog");
        expected.Count.ShouldBeGreaterThan(0, "no changelog entry newer than an installed version names a CVE");
        var feedPath = Path.Combine(temp.Path, "tracker.json");
        await File.WriteAllTextAsync(feedPath, JsonSerializer.Serialize(feed));

        var (database, error) = await VulnDatabase.OpenAsync(Path.Combine(temp.Path, "vulndb.sqlite"), time, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync([feedPath], null, null, CancellationToken.None)).Error.ShouldBeNull();
            var findings = (await new VulnerabilityScanner(database, time).MatchAsync(inventory, CancellationToken.None)).Findings;

            findings.ShouldAllBe(f => f.SourcePackage != null);
            findings.Select(f => $"{f.SourcePackage} {f.VulnerabilityId} {f.FixedVersion}").Distinct().Order(StringComparer.Ordinal)
                .ShouldBe(expected.Order(StringComparer.Ordinal));
            findings.Where(f => notFindings.Contains((f.SourcePackage!, f.VulnerabilityId))).ShouldBeEmpty();

            // Every installed binary of an affected source carries the finding.
            foreach (var f in expected.Select(e => e.Split(' ')))
            {
                var binaries = debs.Where(p => SourceOf(p) == f[0]).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal);
                findings.Where(x => x.SourcePackage == f[0] && x.VulnerabilityId == f[1]).Select(x => x.PackageName).Distinct().Order(StringComparer.Ordinal).ShouldBe(binaries);
            }

            output.WriteLine($"{expected.Count} (source, CVE, fixed version) findings expected and found; {notFindings.Count} CVEs of older entries in the feed, none a finding");
        }
    }

    private static object Tracker(string source, string fixedVersion) =>
        new { description = $"named in the {source} changelog", releases = new { bookworm = new { status = "resolved", fixed_version = fixedVersion, urgency = "not yet assigned" } } };

    private static string SourceOf(PackageRecord package) => package.SourceName ?? package.Name;

    private sealed record Case(string Source, string Installed, List<Entry> Entries);

    private sealed record Entry(string Source, string Version, List<string> Cves);

    /// <summary>One case per fetched .deb whose source package is installed at an older version.</summary>
    private async Task<List<Case>> FromSecurityDebsAsync(List<string> files, Dictionary<string, string> installed, string temp)
    {
        var cases = new List<Case>();
        foreach (var deb in files)
        {
            var fields = (await RunAsync("dpkg-deb", "-f", deb, "Package", "Source", "Version")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            var package = fields["Package"];
            var source = fields.TryGetValue("Source", out var s) ? s.Split(' ')[0] : package;
            var unpacked = Path.Combine(temp, "deb-" + package);
            await RunAsync("dpkg-deb", "-x", deb, unpacked);
            var changelog = Path.Combine(unpacked, "usr", "share", "doc", package, "changelog.Debian.gz");
            if (!File.Exists(changelog) || !installed.TryGetValue(source, out var version) || cases.Any(c => c.Source == source))
            {
                output.WriteLine($"  skipped {Path.GetFileName(deb)}: {(File.Exists(changelog) ? "its source " + source + " is not installed or already used" : "no changelog.Debian.gz of its own")}");
                continue;
            }

            var entries = ReadChangelog(changelog);
            entries[0].Source.ShouldBe(source, deb);
            cases.Add(new Case(source, version, entries));
        }

        return cases;
    }

    /// <summary>Fallback: installed changelogs, each source pretended installed a few entries back; sources in name order.</summary>
    private static List<Case> FromInstalledChangelogs(List<PackageRecord> debs, Dictionary<string, string> installed)
    {
        var cases = new List<Case>();
        foreach (var package in debs.OrderBy(SourceOf, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var source = SourceOf(package);
            var changelog = Path.Combine("/usr/share/doc", package.Name, "changelog.Debian.gz");
            if (cases.Count >= FallbackSources || cases.Any(c => c.Source == source) || !File.Exists(changelog))
            {
                continue;
            }

            var entries = ReadChangelog(changelog);
            if (entries.Count > FallbackEntriesBack && entries[0].Source == source && entries[0].Version == installed[source]
                && entries.Take(FallbackEntriesBack).Any(e => e.Cves.Count > 0))
            {
                cases.Add(new Case(source, entries[FallbackEntriesBack].Version, entries));
            }
        }

        return cases;
    }

    /// <summary>For each version, whether dpkg orders it above <paramref name="installed"/> (one shell for the whole list).</summary>
    private static async Task<List<bool>> CompareWithInstalledAsync(string installed, List<string> versions)
    {
        var script = new StringBuilder();
        foreach (var version in versions)
        {
            script.Append("dpkg --compare-versions '").Append(version.Replace("'", "", StringComparison.Ordinal)).Append("' gt '")
                .Append(installed.Replace("'", "", StringComparison.Ordinal)).Append("' && echo 1 || echo 0\n");
        }

        var lines = (await RunAsync("sh", "-c", script.ToString())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(versions.Count);
        return [.. lines.Select(l => l == "1")];
    }

    private static List<Entry> ReadChangelog(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        var entries = new List<Entry>();
        while (reader.ReadLine() is { } line)
        {
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                entries.Add(new Entry(header.Groups["source"].Value, header.Groups["version"].Value, []));
            }
            else if (entries.Count > 0)
            {
                entries[^1].Cves.AddRange(CvePattern().Matches(line).Select(m => m.Value).Where(c => !entries[^1].Cves.Contains(c)));
            }
        }

        entries.ShouldNotBeEmpty(path);
        return entries;
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', arguments)}: {await stderr}");
        return await stdout;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SageKeep.slnx")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    // debian-policy 4.4: "package (version) distribution(s); urgency=urgency".
    [GeneratedRegex(@"^(?<source>[a-z0-9][a-z0-9+.-]+) \((?<version>[^ ()]+)\) [^;]*;")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"CVE-\d{4}-\d{4,7}")]
    private static partial Regex CvePattern();
}
