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

    /// <summary>The Alpine 3.11 secdb and NVD's ratings of some of its CVEs.</summary>
    private static string[] Feeds =>
    [
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "alpine-secdb", "v3.11", "main.json"),
        Path.Combine(AppContext.BaseDirectory, "TestData", "Scanning", "VulnDb", "nvd", "alpine-311-ratings.json"),
    ];

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

    [Fact]
    public void Scan_TableToAFile_ShowsEachFindingWithPackageCveSeverityCvssAndFix_GroupedByPackage_WithTotals()
    {
        Program.Main(["db", "import", .. Feeds, "--db", Db]).ShouldBe(0);
        var output = Path.Combine(_temp.Path, "report.txt");

        Program.Main(["scan", Alpine, "--db", Db, "--db-max-age", "0", "--format", "table", "--output", output]).ShouldBe(0);

        var lines = File.ReadAllLines(output);
        var json = JsonNode.Parse(ScanJson())!["findings"]!.AsArray();
        lines[0].ShouldStartWith("alpine:3.11 (DockerArchive");
        lines.ShouldContain(l => l.StartsWith("OS: alpine 3.11", StringComparison.Ordinal));

        // The header: the columns in order.
        var header = Cells(lines.First(l => l.Contains("Vulnerability", StringComparison.Ordinal)));
        header.ShouldBe(["Package", "Installed", "Vulnerability", "Severity", "CVSS", "Fixed in", "Title"]);

        // One row per finding (nothing wrapped into a second line), each package's name only on its group's first row.
        var rows = lines.Select(Cells).Where(c => c.Count == 7 && c[2].StartsWith("CVE-", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(json.Count);
        var package = string.Empty;
        var seen = new List<string>();
        foreach (var row in rows)
        {
            if (row[0].Length > 0)
            {
                // "libssl1.1 (openssl)": the binary package and, when it differs, its source package.
                seen.ShouldNotContain(row[0]);
                seen.Add(row[0]);
                package = row[0].Split(' ')[0];
                row[1].ShouldNotBeEmpty();
            }

            var finding = json.Single(f => (string)f!["id"]! == row[2].Split(' ')[0] && (string)f["package"]!["name"]! == package);
            row[3].ShouldBe(((string)finding!["severity"]!).ToUpperInvariant());
            row[4].ShouldBe(finding["cvss"]?["score"] is { } score ? ((double)score).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-");
            row[5].ShouldBe((string?)finding["fix"]?["fixedVersion"] ?? row[5]);
            row[5].ShouldNotBeEmpty();
        }

        // The values of two known findings: NVD's ratings and the secdb's fixes.
        var zlib = rows.Single(r => r[2].StartsWith("CVE-2022-37434", StringComparison.Ordinal));
        zlib[0].ShouldBe("zlib");
        zlib[1].ShouldBe("1.2.11-r3");
        zlib[3].ShouldBe("CRITICAL");
        zlib[4].ShouldBe("9.8");
        zlib[5].ShouldBe("1.2.11-r4");
        var openssl = rows.First(r => r[2].StartsWith("CVE-2021-3711", StringComparison.Ordinal));
        openssl[5].ShouldBe("1.1.1l-r0");

        // Totals: the count of every severity shown.
        var total = lines.Single(l => l.StartsWith("Total: ", StringComparison.Ordinal));
        total.ShouldStartWith($"Total: {json.Count} (");
        total.ShouldContain($"CRITICAL: {rows.Count(r => r[3] == "CRITICAL")}");
        total.ShouldContain($"HIGH: {rows.Count(r => r[3] == "HIGH")}");
    }

    /// <summary>The cells of one table line (Unicode or ASCII borders), trimmed; empty for border lines.</summary>
    private static List<string> Cells(string line)
    {
        var parts = line.Split(line.Contains('│', StringComparison.Ordinal) ? '│' : '|');
        return parts.Length < 3 ? [] : [.. parts[1..^1].Select(p => p.Trim())];
    }

    private string ScanJson()
    {
        var output = Path.Combine(_temp.Path, "all.json");
        Program.Main(["scan", Alpine, "--db", Db, "--format", "json", "--output", output]).ShouldBe(0);
        return File.ReadAllText(output);
    }

    public void Dispose() => _temp.Dispose();
}
