using System.Text.Json.Nodes;
using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Inventory;
using SageKeep.Scanning.Matching;
using SageKeep.Server.Registry.Scanning;

namespace SageKeep.UnitTests.Server.Registry.Scanning;

/// <summary>Findings in ECR's basic-scan shape (ECR API reference: ImageScanFinding, Attribute, FindingSeverity).</summary>
public sealed class EcrFindingsTests
{
    [Theory]
    [InlineData(Severity.Critical, "CRITICAL")]
    [InlineData(Severity.High, "HIGH")]
    [InlineData(Severity.Medium, "MEDIUM")]
    [InlineData(Severity.Low, "LOW")]
    [InlineData(Severity.None, "INFORMATIONAL")]
    [InlineData(Severity.Unknown, "UNDEFINED")]
    public void Severity_HasEcrsName(Severity severity, string name) => EcrFindings.SeverityName(severity).ShouldBe(name);

    [Fact]
    public void Finding_CarriesNameUriSeverityDescriptionAndAttributes_AndCountsAreKeyedBySeverity()
    {
        var cvss3 = new CvssDetail("nvd@nist.gov", true, CvssVersion.V31, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, 9.8, Severity.Critical, CvssImpact.High, CvssImpact.High, CvssImpact.High);
        var cvss2 = new CvssDetail("nvd@nist.gov", true, CvssVersion.V2, "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, 7.5, Severity.High, CvssImpact.Low, CvssImpact.Low, CvssImpact.Low);
        var result = Result(
            Finding("CVE-2021-3711", "libssl1.1", Severity.Critical, "1.1.1l-r0", [cvss3, cvss2], "SM2 overflow"),
            Finding("CVE-2020-0001", "zlib", Severity.Unknown, null, [], null),
            Finding("CVE-2020-0002", "musl", Severity.Critical, "1.1.24-r3", [], null));

        var document = EcrFindings.ToDocument(result);

        document.Findings.Count.ShouldBe(3);
        var first = document.Findings[0]!.AsObject();
        first["name"]!.GetValue<string>().ShouldBe("CVE-2021-3711");
        first["uri"]!.GetValue<string>().ShouldBe("https://nvd.nist.gov/vuln/detail/CVE-2021-3711");
        first["severity"]!.GetValue<string>().ShouldBe("CRITICAL");
        first["description"]!.GetValue<string>().ShouldBe("SM2 overflow");
        Attributes(first).ShouldBe(new Dictionary<string, string>
        {
            ["package_version"] = "1.0",
            ["package_name"] = "libssl1.1",
            ["CVSS2_SCORE"] = "7.5",
            ["CVSS2_VECTOR"] = "AV:N/AC:L/Au:N/C:P/I:P/A:P",
            ["CVSS3_SCORE"] = "9.8",
            ["CVSS3_VECTOR"] = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            ["fixed_version"] = "1.1.1l-r0",
        });

        var unrated = document.Findings[1]!.AsObject();
        unrated["severity"]!.GetValue<string>().ShouldBe("UNDEFINED");
        unrated.ContainsKey("description").ShouldBeFalse();
        Attributes(unrated).Keys.ShouldBe(["package_version", "package_name"]);

        document.Counts.ToJsonString().ShouldBe("""{"CRITICAL":2,"UNDEFINED":1}""");
        document.SourceUpdatedAt.ShouldBe(result.DatabaseUpdatedAt);
    }

    private static Dictionary<string, string> Attributes(JsonObject finding) =>
        finding["attributes"]!.AsArray().ToDictionary(a => a!["key"]!.GetValue<string>(), a => a!["value"]!.GetValue<string>());

    private static Finding Finding(string id, string package, Severity severity, string? fixedVersion, IReadOnlyList<CvssDetail> cvss, string? description) => new()
    {
        VulnerabilityId = id,
        Aliases = [],
        PackageName = package,
        PackageVersion = "1.0",
        PackageType = "apk",
        Purl = $"pkg:apk/alpine/{package}@1.0",
        PackagePath = "lib/apk/db/installed",
        MatchedNamespace = "alpine:3.11",
        MatchedBy = ["alpine:3.11/main/" + package + "/" + id],
        Severity = severity,
        SeveritySource = "nvd@nist.gov CVSS 3.1",
        Cvss = cvss,
        FixState = fixedVersion is null ? FindingFixState.NotFixed : FindingFixState.Fixed,
        FixedVersion = fixedVersion,
        Description = description,
        Uri = "https://nvd.nist.gov/vuln/detail/" + id,
    };

    private static ScanResult Result(params Finding[] findings)
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var inventory = new ImageInventory("image", ImageFormat.OciLayout, null, null, null, [], null, [], [], [], at);
        return new ScanResult(inventory, findings, "snapshot", at.AddDays(-1), at, []);
    }
}
