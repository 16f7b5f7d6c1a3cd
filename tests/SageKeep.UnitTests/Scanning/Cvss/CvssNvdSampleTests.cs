using System.Text.Json;
using SageKeep.Scanning.Cvss;
using SageKeep.UnitTests.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.Cvss;

/// <summary>Our CVSS v2, v3.x and v4.0 calculators must give the base score NVD publishes, for every metric of every NVD sample.</summary>
public sealed class CvssNvdSampleTests
{
    public static TheoryData<string, string, double> NvdMetrics()
    {
        var data = new TheoryData<string, string, double>();
        var seen = new HashSet<(string, string, double)>();
        foreach (var file in Directory.EnumerateFiles(VulnDbTestData.File("nvd"), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!document.RootElement.GetProperty("cve").TryGetProperty("metrics", out var metrics))
            {
                continue;
            }

            foreach (var kind in metrics.EnumerateObject())
            {
                foreach (var metric in kind.Value.EnumerateArray())
                {
                    var cvss = metric.GetProperty("cvssData");
                    var row = (Path.GetFileName(file), cvss.GetProperty("vectorString").GetString()!, cvss.GetProperty("baseScore").GetDouble());
                    if (seen.Add(row))
                    {
                        data.Add(row.Item1, row.Item2, row.Item3);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NvdMetrics))]
    public void Compute_ForEveryNvdSampleMetric_EqualsNvdBaseScore(string file, string vector, double nvdScore)
    {
        var (score, error) = CvssCalculator.Compute(vector);

        error.ShouldBeNull(file);
        score!.BaseScore.ShouldBe(nvdScore, $"{file}: {vector}");
    }

    [Fact]
    public void NvdSamples_CoverV2V30V31AndV40()
    {
        var versions = NvdMetrics().Select(row => CvssVectorParser.Parse((string)row[1]).Vector!.Version).ToHashSet();

        versions.ShouldBe([CvssVersion.V2, CvssVersion.V30, CvssVersion.V31, CvssVersion.V40], ignoreOrder: true);
    }
}
