using BenchmarkDotNet.Attributes;
using SageKeep.Scanning.Versions;

namespace SageKeep.Benchmarks.Scanning;

/// <summary>
/// Throughput of each version comparer on realistic pairs of its ecosystem, against an ordinal string
/// comparison of the same strings (the cheapest possible "comparison", as baseline).
/// Run: dotnet run -c Release --project bench/SageKeep.Benchmarks -- --filter '*VersionsBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class VersionsBenchmarks
{
    private static readonly Dictionary<string, string[]> Samples = new()
    {
        ["deb"] = ["1:2.38.1-5+deb12u1", "1:2.38.1-5+deb12u2", "3.0.11-1~deb12u2", "3.0.11-1", "2.36-9+deb12u4", "2.36-9+deb12u10"],
        ["apk"] = ["1.36.1-r2", "1.36.1-r15", "3.0.12-r1", "3.0.8-r0", "9.3_p2-r0", "9.3_p1-r3"],
        ["rpm"] = ["2.34-60.el9_2.7", "2.34-60.el9", "1:3.0.7-16.el9_2", "1:3.0.7-16.el9", "1.0^20230101git1-1", "1.0~rc1-1"],
        ["pypi"] = ["2.31.0", "2.31.0.post1", "1.26.0rc1", "1.26.0", "23.0.dev0+local", "23.0"],
        ["npm"] = ["7.8.5", "7.8.5-beta.2", "10.2.0", "10.10.0", "1.0.0-alpha.1", "1.0.0-alpha.beta"],
        ["maven"] = ["2.15.2", "2.15.2-SNAPSHOT", "1.0-alpha-1", "1.0-beta-1", "3.12.0", "3.12.0.Final"],
        ["golang"] = ["v1.2.3", "v0.0.0-20191109021931-daa7c04131f5", "v2.0.0+incompatible", "v1.2", "v1.10.0", "v1.9.9"],
        ["nuget"] = ["6.0.0-rc.2.21480.5", "6.0.0", "13.0.1", "13.0.3", "4.6.0-preview.2", "4.6.0-Preview.10"],
    };

    private IVersionComparer _comparer = null!;
    private string[] _versions = [];

    [Params("deb", "apk", "rpm", "pypi", "npm", "maven", "golang", "nuget")]
    public string Scheme { get; set; } = "deb";

    [GlobalSetup]
    public void Setup()
    {
        _comparer = VersionSchemes.For(Scheme)!;
        _versions = Samples[Scheme];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 6)]
    public int OrdinalBaseline()
    {
        var sum = 0;
        for (var i = 0; i < _versions.Length; i += 2)
        {
            sum += string.CompareOrdinal(_versions[i], _versions[i + 1]);
            sum += string.CompareOrdinal(_versions[i + 1], _versions[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 6)]
    public int Compare()
    {
        var sum = 0;
        for (var i = 0; i < _versions.Length; i += 2)
        {
            sum += _comparer.Compare(_versions[i], _versions[i + 1]);
            sum += _comparer.Compare(_versions[i + 1], _versions[i]);
        }

        return sum;
    }
}
