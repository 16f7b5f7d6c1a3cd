using System.Globalization;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Scanning.VulnDb;

/// <summary><c>sagekeep db import/status/prune</c> run as a child process on feeds the test writes.</summary>
public sealed class DbCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sagekeep-dbcli-" + Guid.NewGuid().ToString("N"));

    public DbCommandTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "data", "vulndb.sqlite");

    [Fact]
    public async Task ImportThenStatusJson_ReportsEverySourceWithCountsAndSchema()
    {
        var osv = Write("osv.json", Osv("PYSEC-2099-1", "2025-03-01T00:00:00Z"));
        var nvd = Write("nvd-page.json", NvdPage(3, broken: false));

        var import = await Cli("db", "import", osv, nvd, "--db", DatabasePath);
        var status = await Cli("db", "status", "--json", "--db", DatabasePath);

        import.ExitCode.ShouldBe(0, import.StdErr);
        import.StdOut.ShouldContain("4 added");
        status.ExitCode.ShouldBe(0, status.StdErr);
        using var json = JsonDocument.Parse(status.StdOut);
        json.RootElement.GetProperty("schemaVersion").GetInt32().ShouldBe(2);
        var sources = json.RootElement.GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("records").GetInt32());
        sources.ShouldBe(new Dictionary<string, int> { ["nvd"] = 3, ["osv"] = 1 });
        var osvStatus = json.RootElement.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "osv");
        osvStatus.GetProperty("newestModified").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var expectedAge = (DateTimeOffset.UtcNow - new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)).TotalDays;
        osvStatus.GetProperty("ageDays").GetDouble().ShouldBe(expectedAge, 1.0);
        osvStatus.GetProperty("withdrawn").GetInt32().ShouldBe(0);
        osvStatus.GetProperty("lastFile").GetString().ShouldBe("osv.json");
    }

    [Fact]
    public async Task Import_FeedFailingMidway_ExitsOneAndStatusShowsPreviousData()
    {
        var first = await Cli("db", "import", Write("osv.json", Osv("PYSEC-2099-2", "2025-03-01T00:00:00Z")), "--db", DatabasePath);
        first.ExitCode.ShouldBe(0, first.StdErr);

        var failed = await Cli("db", "import", Write("broken-page.json", NvdPage(500, broken: true)), "--db", DatabasePath);
        var status = await Cli("db", "status", "--json", "--db", DatabasePath);

        failed.ExitCode.ShouldBe(1);
        failed.StdErr.ShouldContain("broken-page.json");
        status.ExitCode.ShouldBe(0, status.StdErr);
        using var json = JsonDocument.Parse(status.StdOut);
        var source = json.RootElement.GetProperty("sources").EnumerateArray().ShouldHaveSingleItem();
        (source.GetProperty("source").GetString(), source.GetProperty("records").GetInt32()).ShouldBe(("osv", 1));
    }

    [Fact]
    public async Task Import_UnknownFormatName_ExitsOneNamingIt()
    {
        var result = await Cli("db", "import", Write("osv.json", Osv("PYSEC-2099-3", "2025-03-01T00:00:00Z")), "--format", "rss", "--db", DatabasePath);

        result.ExitCode.ShouldBe(1);
        result.StdErr.ShouldContain("unknown format 'rss'");
    }

    [Fact]
    public async Task Prune_WithdrawnRecord_IsRemovedAndTableStatusStillWorks()
    {
        var withdrawn = Osv("PYSEC-2099-4", "2025-03-01T00:00:00Z").Replace("\"modified\"", "\"withdrawn\": \"2025-04-01T00:00:00Z\", \"modified\"", StringComparison.Ordinal);
        (await Cli("db", "import", Write("w.json", withdrawn), "--format", "osv", "--db", DatabasePath)).ExitCode.ShouldBe(0);

        var prune = await Cli("db", "prune", "--db", DatabasePath);
        var table = await Cli("db", "status", "--db", DatabasePath);

        prune.ExitCode.ShouldBe(0, prune.StdErr);
        prune.StdOut.ShouldContain("removed 1 withdrawn record(s)");
        table.ExitCode.ShouldBe(0, table.StdErr);
        table.StdOut.ShouldContain("Schema version 2");
        table.StdOut.ShouldContain("Age");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Task<(int ExitCode, string StdOut, string StdErr)> Cli(params string[] arguments) => ServerProcess.RunCliAsync(arguments);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Osv(string id, string modified) => $$"""
        {"id": "{{id}}", "modified": "{{modified}}", "aliases": ["CVE-2099-0001"],
         "affected": [{"package": {"ecosystem": "PyPI", "name": "Requests"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.32.0"}]}]}]}
        """;

    // An NVD CVE API 2.0 page; when broken, the last record has a CVSS score of the wrong type.
    private static string NvdPage(int count, bool broken)
    {
        var page = new StringBuilder("""{"resultsPerPage": 2000, "startIndex": 0, "format": "NVD_CVE", "version": "2.0", "vulnerabilities": [""");
        for (var i = 0; i < count; i++)
        {
            var score = broken && i == count - 1 ? "\"9.8\"" : "9.8";
            page.Append(i == 0 ? "" : ",").Append("""
                {"cve": {"id": "CVE-2099-@ID", "published": "2025-01-01T00:00:00.000", "lastModified": "2025-02-01T00:00:00.000",
                  "descriptions": [{"lang": "en", "value": "test record @N"}],
                  "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
                    "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": @SCORE, "baseSeverity": "CRITICAL"}}]}}}
                """
                .Replace("@ID", (i + 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@N", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@SCORE", score, StringComparison.Ordinal));
        }

        return page.Append("]}").ToString();
    }
}
