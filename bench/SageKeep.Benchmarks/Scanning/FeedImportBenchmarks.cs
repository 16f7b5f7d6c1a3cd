using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Benchmarks.Scanning;

/// <summary>
/// Import of a large generated OSV feed (one JSON array, 200,000 PyPI records by default; set
/// SAGEKEEP_BENCH_OSV_RECORDS for another count) into a fresh database, against a baseline in the same run that
/// only parses the feed (streaming, no database). The process's peak working set after each import is printed
/// ("peak working set"), since allocation counts do not show how much memory an import holds at once.
/// </summary>
[MemoryDiagnoser]
public class FeedImportBenchmarks
{
    private string _work = string.Empty;
    private string _feed = string.Empty;

    public static IEnumerable<int> RecordCounts() =>
        [int.TryParse(Environment.GetEnvironmentVariable("SAGEKEEP_BENCH_OSV_RECORDS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 200_000];

    [ParamsSource(nameof(RecordCounts))]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _work = Path.Combine(Path.GetTempPath(), "sagekeep-bench-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        _feed = Path.Combine(_work, "osv-pypi.json");
        using var writer = new StreamWriter(_feed, false, new UTF8Encoding(false), 1 << 16);
        writer.Write('[');
        for (var i = 0; i < Records; i++)
        {
            // Realistic shape: aliases, a severity vector, two ranges, references.
            writer.Write(string.Create(CultureInfo.InvariantCulture, $$"""
                {{(i == 0 ? "" : ",")}}{"schema_version": "1.6.0", "id": "PYSEC-2099-{{i}}", "modified": "2025-01-01T00:00:00Z", "published": "2024-06-01T00:00:00Z",
                 "aliases": ["CVE-2099-{{i}}", "GHSA-{{i:x4}}-bench-{{i % 997:x4}}"], "summary": "generated advisory {{i}}", "details": "A generated vulnerability in package-{{i % 20000}}.",
                 "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "package-{{i % 20000}}"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.{{i % 50}}.0"}, {"introduced": "2.0"}, {"fixed": "2.{{i % 30}}.1"}]}]}],
                 "references": [{"type": "FIX", "url": "https://example.invalid/fix/{{i}}"}, {"type": "ADVISORY", "url": "https://example.invalid/adv/{{i}}"}]}
                """));
        }

        writer.Write(']');
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    [Benchmark(Baseline = true)]
    public int ParseOnly()
    {
        using var stream = File.OpenRead(_feed);
        return FeedDetector.ParserFor(FeedFormat.Osv).Read(stream, "osv-pypi.json", FeedLimits.Default).Count();
    }

    [Benchmark]
    public async Task<int> ImportIntoFreshDatabase()
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".sqlite");
        var (database, error) = await VulnDatabase.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await using (database ?? throw new InvalidOperationException(error))
        {
            var result = await database.ImportAsync([_feed], FeedFormat.Osv, null, CancellationToken.None);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(result.Error);
            }
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// peak working set after importing {Records} records: {process.PeakWorkingSet64 / 1e6:0.0} MB"));
        foreach (var file in Directory.GetFiles(_work, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }

        return Records;
    }
}
