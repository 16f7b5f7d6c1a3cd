using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Benchmarks.Scanning;

/// <summary>
/// A vulnerability scan of the Alpine 3.11 docker archive against a warm database (the real Alpine 3.11 secdb,
/// imported once, connection open) against the inventory alone in the same run: the ratio is what matching adds
/// (target: under 1.2).
/// </summary>
[MemoryDiagnoser]
public class WarmScanBenchmarks
{
    private string _work = string.Empty;
    private string _image = string.Empty;
    private VulnDatabase _database = null!;
    private VulnerabilityScanner _scanner = null!;

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
        _image = Path.Combine(_work, "alpine.tar");
        using (var input = new GZipStream(File.OpenRead(Path.Combine(testData, "Images", "alpine-311.docker-archive.tar.gz")), CompressionMode.Decompress))
        using (var output = File.Create(_image))
        {
            input.CopyTo(output);
        }

        var (database, error) = VulnDatabase.OpenAsync(Path.Combine(_work, "vulndb.sqlite"), TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        _database = database ?? throw new InvalidOperationException(error);
        var import = _database.ImportAsync([Path.Combine(testData, "VulnDb", "alpine-secdb", "v3.11", "main.json")], null, null, CancellationToken.None).GetAwaiter().GetResult();
        if (!import.Succeeded)
        {
            throw new InvalidOperationException(import.Error);
        }

        _scanner = new VulnerabilityScanner(_database, TimeProvider.System);
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
}
