using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.VulnDb;
using static SageKeep.UnitTests.Scanning.Matching.MatchTestKit;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>Feed format items the other parser and import tests leave out: OSV last_affected and limit, NVD pages and yearly files, every NVD CVSS metric kind.</summary>
public sealed class FeedFormatCoverageTests
{
    private const string LastAffectedAndLimit = """
        {"schema_version": "1.6.0", "id": "PYSEC-2099-77", "modified": "2025-01-01T00:00:00Z", "aliases": ["CVE-2099-7777"],
         "affected": [{"package": {"ecosystem": "PyPI", "name": "demo-lib"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"last_affected": "1.4"}]},
                                  {"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"limit": "2.5"}]}]}]}
        """;

    [Fact]
    public void Osv_LastAffectedAndLimit_AreKeptOnTheirRanges()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(LastAffectedAndLimit));
        var record = new OsvParser().Read(stream, "demo.json", FeedLimits.Default).ToList().ShouldHaveSingleItem();

        record.Affected.ShouldHaveSingleItem().Ranges.ShouldBe([
            new AffectedRange("ECOSYSTEM", "1.0", null, "1.4", null),
            new AffectedRange("ECOSYSTEM", "2.0", null, null, "2.5"),
        ]);
    }

    [Fact]
    public async Task Osv_LastAffectedIsInclusive_LimitIsExclusive_WhenMatching()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(temp.Write("demo.json", LastAffectedAndLimit))).Error.ShouldBeNull();

        var result = await MatchAsync(temp, Image(null,
            Package("demo-lib", "0.9", "pypi"), Package("demo-lib", "1.0", "pypi"), Package("demo-lib", "1.4", "pypi"), Package("demo-lib", "1.4.1", "pypi"),
            Package("demo-lib", "2.0", "pypi"), Package("demo-lib", "2.4.9", "pypi"), Package("demo-lib", "2.5", "pypi"), Package("demo-lib", "3.0", "pypi")));

        result.Findings.Select(f => f.PackageVersion).Order(StringComparer.Ordinal).ShouldBe(["1.0", "1.4", "2.0", "2.4.9"]);
        result.Findings.ShouldAllBe(f => f.VulnerabilityId == "CVE-2099-7777");
    }

    [Fact]
    public async Task Nvd_TwoApiPagesAndAYearlyFile_ImportEverySampleRecordOnce()
    {
        // The samples are single CVE objects; wrapped here as NVD CVE API 2.0 pages (startIndex/resultsPerPage) and as
        // a yearly feed file (format NVD_CVE, version 2.0, the same "vulnerabilities" array).
        var cves = Directory.EnumerateFiles(VulnDbTestData.File("nvd"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!["cve"]!).GroupBy(c => (string)c["id"]!).Select(g => g.First()).ToList();
        cves.Count.ShouldBeGreaterThan(6);
        var third = cves.Count / 3;
        await using var temp = await TempDatabase.CreateAsync();
        var page1 = temp.Write("nvd-page-0.json", Wrap(cves.Take(third), new { resultsPerPage = third, startIndex = 0, totalResults = 2 * third }));
        var page2 = temp.Write("nvd-page-1.json", Wrap(cves.Skip(third).Take(third), new { resultsPerPage = third, startIndex = third, totalResults = 2 * third }));
        var yearly = temp.Write("nvdcve-2.0-2021.json", Wrap(cves.Skip(2 * third), new { resultsPerPage = cves.Count - (2 * third), startIndex = 0, totalResults = cves.Count - (2 * third), format = "NVD_CVE", version = "2.0" }));

        var result = await temp.ImportAsync(page1, page2, yearly);

        result.Error.ShouldBeNull();
        (result.Files, result.Added).ShouldBe((3, cves.Count));
        (await temp.CountsAsync()).ShouldBe(new Dictionary<string, int> { ["nvd"] = cves.Count });
        foreach (var cve in cves)
        {
            (await temp.Database.GetRecordAsync("nvd", (string)cve["id"]!, CancellationToken.None)).ShouldNotBeNull((string?)cve["id"]);
        }
    }

    [Fact]
    public async Task GzippedFeeds_AsPublished_AreImportedLikeTheirPlainFiles()
    {
        // NVD publishes its yearly feeds as nvdcve-2.0-YYYY.json.gz; a gzipped OSV record goes through the same path.
        var cves = Directory.EnumerateFiles(VulnDbTestData.File("nvd"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!["cve"]!).GroupBy(c => (string)c["id"]!).Select(g => g.First()).ToList();
        await using var temp = await TempDatabase.CreateAsync();
        var yearly = Gzip(temp.Write("nvdcve-2.0-2021.json", Wrap(cves, new { resultsPerPage = cves.Count, startIndex = 0, totalResults = cves.Count, format = "NVD_CVE", version = "2.0" })));
        var osv = Gzip(temp.Write("demo.json", LastAffectedAndLimit));

        var result = await temp.ImportAsync(yearly, osv);

        result.Error.ShouldBeNull();
        (result.Files, result.Added).ShouldBe((2, cves.Count + 1));
        (await temp.Database.GetRecordAsync("nvd", (string)cves[0]["id"]!, CancellationToken.None)).ShouldNotBeNull();

        // A damaged gzip file is a clear failure and the database keeps what it had.
        var damaged = temp.Write("broken.json.gz", string.Empty);
        var bytes = File.ReadAllBytes(yearly);
        File.WriteAllBytes(damaged, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var failed = await temp.ImportAsync(damaged);
        failed.Error.ShouldNotBeNull();
        failed.Error.ShouldContain("broken.json.gz");
        (await temp.Database.GetRecordAsync("nvd", (string)cves[0]["id"]!, CancellationToken.None)).ShouldNotBeNull();
    }

    private static string Gzip(string path)
    {
        var target = path + ".gz";
        using (var output = File.Create(target))
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(path))
        {
            input.CopyTo(gzip);
        }

        File.Delete(path);
        return target;
    }

    [Fact]
    public void Nvd_EveryCvssMetricOfTheSamples_IsParsedWithItsVersionVectorAndNvdScore()
    {
        var versions = new HashSet<CvssVersion>();
        foreach (var file in Directory.EnumerateFiles(VulnDbTestData.File("nvd"), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            using var stream = File.OpenRead(file);
            var record = new NvdParser().Read(stream, Path.GetFileName(file), FeedLimits.Default).ToList().ShouldHaveSingleItem();
            if (!document.RootElement.GetProperty("cve").TryGetProperty("metrics", out var metrics))
            {
                continue;
            }

            foreach (var metric in metrics.EnumerateObject().SelectMany(kind => kind.Value.EnumerateArray()))
            {
                var vector = metric.GetProperty("cvssData").GetProperty("vectorString").GetString()!;
                var parsed = record.Severities.Where(s => s.Vector == vector).ToList();
                parsed.ShouldNotBeEmpty($"{file}: {vector}");
                parsed.ShouldContain(s => s.BaseScore == metric.GetProperty("cvssData").GetProperty("baseScore").GetDouble(), $"{file}: {vector}");
                versions.Add(CvssVectorParser.Parse(vector).Vector!.Version);
            }
        }

        versions.ShouldBe([CvssVersion.V2, CvssVersion.V30, CvssVersion.V31, CvssVersion.V40], ignoreOrder: true);
    }

    private static string Wrap(IEnumerable<JsonNode> cves, object header)
    {
        var root = JsonSerializer.SerializeToNode(header)!.AsObject();
        root["timestamp"] = "2026-01-01T00:00:00.000";
        root["vulnerabilities"] = new JsonArray([.. cves.Select(c => (JsonNode)new JsonObject { ["cve"] = c.DeepClone() })]);
        return root.ToJsonString();
    }
}
