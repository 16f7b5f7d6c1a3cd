using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SageKeep.Scanning.Policy;
using SageKeep.Scanning.Reports;
using SageKeep.UnitTests.Scanning.VulnDb;
using static SageKeep.UnitTests.Scanning.Matching.MatchTestKit;

namespace SageKeep.UnitTests.Scanning.Reports;

/// <summary>Every report format of one scan with NVD details, a VEX suppression and an ignore entry; SARIF and CycloneDX against their official schemas.</summary>
public sealed class ReportWriterTests
{
    // Json.Schema registers a schema's $id globally: build it once per process.
    private static readonly Lazy<JsonSchema> SarifSchema = new(() => JsonSchema.FromText(File.ReadAllText(TestData("Reports", "sarif-schema-2.1.0.json"))));

    private static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", "Scanning", .. parts]);

    private static async Task<ScanReport> SampleReportAsync()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var tracker = temp.Write("tracker.json", """
            {"redis": {"CVE-2022-0543": {"description": "lua", "releases": {"bookworm": {"status": "resolved", "fixed_version": "5:6.0.16-2", "urgency": "high"}}}},
             "zlib": {"CVE-2099-9": {"description": "<script>alert(1)</script> & more", "releases": {"bookworm": {"status": "open", "urgency": "low"}}}}}
            """);
        (await temp.ImportAsync(tracker, VulnDbTestData.File("nvd"), VulnDbTestData.File("osv", "GO-2020-0001.json"), VulnDbTestData.File("osv", "GO-2022-0969.json"))).Succeeded.ShouldBeTrue();
        var result = await MatchAsync(temp, Image(Bookworm,
            Package("redis-server", "5:6.0.16-1", "deb", "redis"),
            Package("zlib1g", "1:1.2.13.dfsg-1", "deb", "zlib"),
            Package("github.com/gin-gonic/gin", "v1.5.0", "golang"),
            Package("stdlib", "go1.19.0", "golang")));
        result.Findings.Count.ShouldBe(4);
        var vex = OpenVexParser.Parse(Encoding.UTF8.GetBytes("""
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "vex-1", "statements": [
              {"vulnerability": {"name": "GHSA-6vm3-jj99-7229"}, "products": [{"@id": "pkg:oci/crafted", "subcomponents": [{"@id": "pkg:golang/github.com/gin-gonic/gin"}]}],
               "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """), "vex.json");
        var policy = ScanPolicy.Default with { Vex = vex, Ignores = [new IgnoreRule("CVE-2022-27664", "stdlib", null, "HTTP/2 server not used")] };
        return new ScanReport(result, policy.Evaluate(result));
    }

    private static JsonSchema CycloneDxSchema()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
        {
            options.SchemaRegistry.Register(new Uri("http://cyclonedx.org/schema/" + name), JsonSchema.FromText(File.ReadAllText(TestData("Sbom", name)), options));
        }

        return JsonSchema.FromText(File.ReadAllText(TestData("Sbom", "bom-1.6.SNAPSHOT.schema.json")), options);
    }

    private static void ShouldBeValid(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        result.IsValid.ShouldBeTrue(string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public async Task Sarif_IsValidAgainstTheOfficialSarif210Schema_WithSuppressionsAndSecuritySeverity()
    {
        var report = await SampleReportAsync();

        var sarif = ReportWriter.WriteToString(report, ReportFormat.Sarif);

        ShouldBeValid(SarifSchema.Value, sarif);
        var run = JsonNode.Parse(sarif)!["runs"]![0]!;
        var results = run["results"]!.AsArray();
        results.Count.ShouldBe(4);
        var redis = results.Single(r => (string?)r!["ruleId"] == "CVE-2022-0543")!;
        ((string?)redis["level"]).ShouldBe("error");
        ((string?)redis["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]).ShouldBe("pkgdb/deb/redis-server");
        var rule = run["tool"]!["driver"]!["rules"]!.AsArray().Single(r => (string?)r!["id"] == "CVE-2022-0543")!;
        ((string?)rule["properties"]!["security-severity"]).ShouldBe("10.0");
        var gin = results.Single(r => (string?)r!["ruleId"] == "CVE-2020-36567")!;
        ((string?)gin["suppressions"]![0]!["justification"]).ShouldBe("VEX not_affected: vulnerable_code_not_in_execute_path (vex-1)");
        results.Count(r => r!["suppressions"] is null).ShouldBe(2);

        // The schema check can fail: SARIF calls it "state", not "status".
        using var wrong = JsonDocument.Parse(sarif.Replace("\"state\": \"accepted\"", "\"status\": \"accepted\"", StringComparison.Ordinal));
        SarifSchema.Value.Evaluate(wrong.RootElement).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task CycloneDx_IsValidAgainstTheOfficialSchema_WithVulnerabilitiesAffectingTheirComponents()
    {
        var report = await SampleReportAsync();

        var bom = ReportWriter.WriteToString(report, ReportFormat.CycloneDx);

        ShouldBeValid(CycloneDxSchema(), bom);
        var document = JsonNode.Parse(bom)!;
        var vulnerabilities = document["vulnerabilities"]!.AsArray();
        vulnerabilities.Count.ShouldBe(4);
        var redis = vulnerabilities.Single(v => (string?)v!["id"] == "CVE-2022-0543")!;
        var component = document["components"]!.AsArray().Single(c => (string?)c!["bom-ref"] == (string?)redis["affects"]![0]!["ref"])!;
        ((string?)component["name"]).ShouldBe("redis-server");
        redis["cwes"]!.AsArray().Select(c => (int)c!).ShouldBe([862]);
        ((string?)redis["recommendation"]).ShouldBe("Upgrade redis-server to 5:6.0.16-2 or later.");
        redis["ratings"]!.AsArray().Select(r => ((string?)r!["method"], (double?)r["score"])).ShouldContain(("CVSSv31", 10.0));
        var gin = vulnerabilities.Single(v => (string?)v!["id"] == "CVE-2020-36567")!;
        ((string?)gin["analysis"]!["state"]).ShouldBe("not_affected");
        ((string?)gin["analysis"]!["justification"]).ShouldBe("code_not_reachable");
    }

    [Fact]
    public async Task Json_FollowsTheDocumentedSchema()
    {
        var report = await SampleReportAsync();

        var json = JsonNode.Parse(ReportWriter.WriteToString(report, ReportFormat.Json))!;

        ((string?)json["schema"]).ShouldBe("sagekeep-scan/1");
        ((string?)json["image"]!["os"]!["codename"]).ShouldBe("bookworm");
        ((string?)json["database"]!["snapshot"]).ShouldBe(report.Result.DatabaseSnapshot);
        ((int)json["summary"]!["findings"]!).ShouldBe(2);
        ((int)json["summary"]!["suppressed"]!).ShouldBe(2);
        ((int)json["summary"]!["bySeverity"]!["high"]!).ShouldBe(1);
        ((int)json["summary"]!["bySeverity"]!["low"]!).ShouldBe(1);
        ((bool)json["gate"]!["passed"]!).ShouldBeFalse();
        var redis = json["findings"]!.AsArray().Single(f => (string?)f!["id"] == "CVE-2022-0543")!;
        // The distribution's urgency outranks NVD's CVSS (10.0, critical), which is still reported.
        ((string?)redis["severity"]).ShouldBe("high");
        ((string?)redis["severitySource"]).ShouldBe("debian urgency");
        ((double)redis["cvss"]!["score"]!).ShouldBe(10.0);
        ((string?)redis["package"]!["sourcePackage"]).ShouldBe("redis");
        ((string?)redis["fix"]!["state"]).ShouldBe("fixed");
        ((string?)redis["fix"]!["fixedVersion"]).ShouldBe("5:6.0.16-2");
        ((bool)redis["kev"]!["listed"]!).ShouldBeTrue();
        ((string?)redis["impact"]!["confidentiality"]).ShouldBe("high");
        var stdlib = json["suppressed"]!.AsArray().Single(f => (string?)f!["id"] == "CVE-2022-27664")!;
        ((string?)stdlib["suppression"]!["kind"]).ShouldBe("ignored");
        ((string?)stdlib["suppression"]!["reason"]).ShouldBe("HTTP/2 server not used");
    }

    [Fact]
    public async Task Html_IsSelfContained_WithAnSvgChart_AndEncodesAdvisoryText()
    {
        var report = await SampleReportAsync();

        var html = ReportWriter.WriteToString(report, ReportFormat.Html);

        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        html.ShouldContain("<title>high: 1</title>");
        html.ShouldNotContain("<script");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
        html.ShouldNotContain(" src=");
        html.ShouldNotContain("<link");
        html.ShouldContain("HTTP/2 server not used");
    }

    [Fact]
    public async Task Table_IsNotAStreamFormat()
    {
        var report = await SampleReportAsync();

        Should.Throw<ArgumentOutOfRangeException>(() => ReportWriter.WriteToString(report, ReportFormat.Table));
    }
}
