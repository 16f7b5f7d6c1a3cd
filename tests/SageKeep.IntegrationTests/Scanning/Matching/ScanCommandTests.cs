using System.Text.Json.Nodes;
using SageKeep.Cli;
using static SageKeep.IntegrationTests.Scanning.ScanTestData;

namespace SageKeep.IntegrationTests.Scanning.Matching;

/// <summary><c>sagekeep scan</c> with a database through the real command line parser: formats, filters, ignore file, exit codes.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Db => Path.Combine(_temp.Path, "vulndb.sqlite");

    private static string Alpine => Image("alpine-311.docker-archive.tar.gz");

    private void ImportSecDb() =>
        Program.Main(["db", "import", Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "alpine-secdb", "v3.11", "main.json"), "--db", Db]).ShouldBe(0);

    [Fact]
    public void Scan_WithFindings_ExitsWithTheExitCode_AndWritesTheJsonReport()
    {
        ImportSecDb();
        var output = Path.Combine(_temp.Path, "report.json");

        Program.Main(["scan", Alpine, "--db", Db, "--format", "json", "--output", output, "--exit-code", "3"]).ShouldBe(3);

        var report = JsonNode.Parse(File.ReadAllText(output))!;
        ((string?)report["schema"]).ShouldBe("sagekeep-scan/1");
        ((int)report["summary"]!["findings"]!).ShouldBeGreaterThan(20);
        report["findings"]!.AsArray().ShouldContain(f => (string?)f!["id"] == "CVE-2021-3711" && (string?)f["package"]!["name"] == "libssl1.1");
    }

    [Fact]
    public void Scan_FiltersAndIgnoreFile_RemoveEveryFinding_ExitZero()
    {
        ImportSecDb();

        // Without NVD data every Alpine finding is of unknown severity.
        Program.Main(["scan", Alpine, "--db", Db, "--format", "sarif", "--output", Path.Combine(_temp.Path, "r.sarif"), "--severity", "CRITICAL,HIGH", "--exit-code", "3"]).ShouldBe(0);

        var ignore = Path.Combine(_temp.Path, "ignore.yaml");
        var ids = JsonNode.Parse(ScanJson())!["findings"]!.AsArray().Select(f => (string)f!["id"]!).Distinct();
        File.WriteAllText(ignore, "ignore:\n" + string.Concat(ids.Select(i => $"  - id: {i}\n    reason: accepted for the test\n")));
        Program.Main(["scan", Alpine, "--db", Db, "--format", "html", "--output", Path.Combine(_temp.Path, "r.html"), "--ignore-file", ignore, "--exit-code", "3"]).ShouldBe(0);
        File.ReadAllText(Path.Combine(_temp.Path, "r.html")).ShouldContain("accepted for the test");
    }

    [Fact]
    public void Scan_WithoutDatabase_ExitsOne_AndBadArgumentsExitTwo()
    {
        Program.Main(["scan", Alpine, "--db", Db]).ShouldBe(1);
        File.Exists(Db).ShouldBeFalse();
        Program.Main(["scan", Alpine, "--db", Db, "--severity", "SEVERE"]).ShouldBe(2);
        Program.Main(["scan", Alpine, "--db", Db, "--db-max-age", "soon"]).ShouldBe(2);
        Program.Main(["scan", Alpine, "--db", Db, "--inventory-only"]).ShouldBe(0);
    }

    [Fact]
    public void Scan_WithAnUnusableVexFile_ExitsOne()
    {
        ImportSecDb();
        var vex = Path.Combine(_temp.Path, "bad.vex.json");
        File.WriteAllText(vex, "{\"statements\": []}");

        Program.Main(["scan", Alpine, "--db", Db, "--vex", vex]).ShouldBe(1);
    }

    private string ScanJson()
    {
        var output = Path.Combine(_temp.Path, "all.json");
        Program.Main(["scan", Alpine, "--db", Db, "--format", "json", "--output", output]).ShouldBe(0);
        return File.ReadAllText(output);
    }

    public void Dispose() => _temp.Dispose();
}
