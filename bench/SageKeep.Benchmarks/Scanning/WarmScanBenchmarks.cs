using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Benchmarks.Scanning;

/// <summary>
/// A vulnerability scan against a warm database (imported once, connection open) against the inventory alone in
/// the same run: the ratio is what matching adds (target: under 1.2). Images: the Alpine 3.11 docker archive with
/// the real Alpine 3.11 secdb, and the package trees of this machine's Debian root packed as an image (as in
/// <see cref="ImageInventoryBenchmarks"/>) with a Debian-tracker feed built from the CVEs its packages' own
/// <c>changelog.Debian.gz</c> files name (fixed in the entry that names them; every seventh source package's
/// CVEs are made to be fixed just above the installed version, so there are findings to build).
/// <see cref="InventoryAndMatchUnbatched"/> is the same scan with one lookup per package and one record read per
/// CVE (how matching worked before its lookups were batched), to show what batching gains.
/// </summary>
[MemoryDiagnoser]
public partial class WarmScanBenchmarks
{
    private string _work = string.Empty;
    private string _image = string.Empty;
    private VulnDatabase _database = null!;
    private VulnerabilityScanner _scanner = null!;
    private VulnerabilityScanner _unbatched = null!;

    [Params("alpine-3.11", "debian-rootfs")]
    public string Image { get; set; } = "alpine-3.11";

    [GlobalSetup]
    public void Setup()
    {
        _work = Path.Combine(Path.GetTempPath(), "sagekeep-bench-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SageKeep.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var testData = Path.Combine(root, "tests", "SageKeep.IntegrationTests", "TestData", "Scanning");
        string feed;
        if (Image == "alpine-3.11")
        {
            _image = Path.Combine(_work, "alpine.tar");
            using (var input = new GZipStream(File.OpenRead(Path.Combine(testData, "Images", "alpine-311.docker-archive.tar.gz")), CompressionMode.Decompress))
            using (var output = File.Create(_image))
            {
                input.CopyTo(output);
            }

            feed = Path.Combine(testData, "VulnDb", "alpine-secdb", "v3.11", "main.json");
        }
        else
        {
            _image = ImageInventoryBenchmarks.PackDebianRoot(_work);
            feed = WriteChangelogFeed(Path.Combine(_work, "tracker.json"));
        }

        var (database, error) = VulnDatabase.OpenAsync(Path.Combine(_work, "vulndb.sqlite"), TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        _database = database ?? throw new InvalidOperationException(error);
        var import = _database.ImportAsync([feed], null, null, CancellationToken.None).GetAwaiter().GetResult();
        if (!import.Succeeded)
        {
            throw new InvalidOperationException(import.Error);
        }

        _scanner = new VulnerabilityScanner(_database, TimeProvider.System);
        _unbatched = new VulnerabilityScanner(_database, TimeProvider.System) { BatchLookups = false };
        var findings = _scanner.ScanAsync(new ImageSource(_image), new ScanOptions { TempRoot = _work }, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// {Image}: {findings.Inventory.Packages.Count} packages, {findings.Findings.Count} findings");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> InventoryOnly()
    {
        var outcome = await InventoryBuilder.BuildAsync(new ImageSource(_image), new ScanOptions { TempRoot = _work }, CancellationToken.None);
        return outcome.Succeeded ? outcome.Inventory.Packages.Count : throw new InvalidOperationException(outcome.Error.ToString());
    }

    [Benchmark]
    public async Task<int> InventoryAndMatch()
    {
        var result = await _scanner.ScanAsync(new ImageSource(_image), new ScanOptions { TempRoot = _work }, CancellationToken.None);
        return result.Findings.Count;
    }

    [Benchmark]
    public async Task<int> InventoryAndMatchUnbatched()
    {
        var result = await _unbatched.ScanAsync(new ImageSource(_image), new ScanOptions { TempRoot = _work }, CancellationToken.None);
        return result.Findings.Count;
    }

    /// <summary>A Debian security tracker JSON feed (bookworm) of the CVEs this machine's installed changelogs name.</summary>
    private static string WriteChangelogFeed(string path)
    {
        var feed = new SortedDictionary<string, SortedDictionary<string, object>>(StringComparer.Ordinal);
        var index = 0;
        foreach (var changelog in Directory.EnumerateFiles("/usr/share/doc", "changelog.Debian.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var entries = ReadChangelog(changelog);
            if (entries.Count == 0 || feed.ContainsKey(entries[0].Source))
            {
                continue;
            }

            var raise = index++ % 7 == 0;
            var cves = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (var (_, version, named) in entries)
            {
                foreach (var cve in named)
                {
                    // Oldest entry naming it wins (entries are newest first).
                    cves[cve] = new
                    {
                        description = "named in the changelog",
                        releases = new { bookworm = new { status = "resolved", fixed_version = raise ? entries[0].Version + "+bench1" : version, urgency = "medium" } },
                    };
                }
            }

            if (cves.Count > 0)
            {
                feed[entries[0].Source] = cves;
            }
        }

        File.WriteAllText(path, JsonSerializer.Serialize(feed));
        return path;
    }

    private static List<(string Source, string Version, List<string> Cves)> ReadChangelog(string path)
    {
        var entries = new List<(string Source, string Version, List<string> Cves)>();
        try
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
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
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return [];
        }

        return entries;
    }

    // debian-policy 4.4: "package (version) distribution(s); urgency=urgency".
    [GeneratedRegex(@"^(?<source>[a-z0-9][a-z0-9+.-]+) \((?<version>[^ ()]+)\) [^;]*;")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"CVE-\d{4}-\d{4,7}")]
    private static partial Regex CvePattern();
}
