using System.Text;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;
using SageKeep.UnitTests.Scanning.Matching;

namespace SageKeep.UnitTests.Scanning.Policy;

/// <summary>The gate over hand-made findings: filters, ignore entries with expiry, VEX statements, the default gate.</summary>
public sealed class ScanPolicyTests
{
    private static readonly DateTimeOffset ScanTime = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static Finding Finding(string id, string package, Severity severity, string? fixedVersion, params string[] aliases) => new()
    {
        VulnerabilityId = id,
        Aliases = aliases,
        PackageName = package,
        PackageVersion = "1.0-r0",
        PackageType = "apk",
        Purl = $"pkg:apk/alpine/{package}@1.0-r0?arch=x86_64&distro=alpine-3.11.5",
        PackagePath = "/lib/apk/db/installed",
        SourcePackage = package,
        MatchedNamespace = "alpine:3.11",
        MatchedBy = [],
        Severity = severity,
        SeveritySource = "test",
        FixState = fixedVersion is null ? FindingFixState.NotFixed : FindingFixState.Fixed,
        FixedVersion = fixedVersion,
        Uri = "https://nvd.nist.gov/vuln/detail/" + id,
    };

    private static ScanResult Result(params Finding[] findings) =>
        new(MatchTestKit.Image(MatchTestKit.Alpine311), findings, "snap", ScanTime, ScanTime, []);

    [Fact]
    public void DefaultGate_FailsOnlyOnCriticalOrHighWithAFix()
    {
        var highUnfixed = Finding("CVE-1", "a", Severity.High, null);
        var mediumFixed = Finding("CVE-2", "b", Severity.Medium, "2.0-r0");
        ScanPolicy.Default.Evaluate(Result(highUnfixed, mediumFixed)).Passed.ShouldBeTrue();

        var criticalFixed = Finding("CVE-3", "c", Severity.Critical, "2.0-r0");
        var verdict = ScanPolicy.Default.Evaluate(Result(highUnfixed, mediumFixed, criticalFixed));

        verdict.Passed.ShouldBeFalse();
        verdict.Failing.ShouldBe([criticalFixed]);
        verdict.Remaining.Count.ShouldBe(3);
    }

    [Fact]
    public void SeverityAndUnfixedFilters_RemoveFindings_AndAnyRemainingFails()
    {
        var policy = ScanPolicy.FailOnAnyRemaining with { Severities = new HashSet<Severity> { Severity.High, Severity.Critical }, IgnoreUnfixed = true };
        var low = Finding("CVE-1", "a", Severity.Low, "2.0-r0");
        var highUnfixed = Finding("CVE-2", "b", Severity.High, null);

        var passing = policy.Evaluate(Result(low, highUnfixed));
        passing.Passed.ShouldBeTrue();
        passing.Remaining.ShouldBeEmpty();
        passing.Suppressed.Select(s => s.Kind).ShouldBe([SuppressionKind.Severity, SuppressionKind.Unfixed]);

        var highFixed = Finding("CVE-3", "c", Severity.High, "2.0-r0");
        policy.Evaluate(Result(low, highUnfixed, highFixed)).Failing.ShouldBe([highFixed]);
    }

    [Fact]
    public void IgnoreEntries_SuppressByIdOrAlias_PerPackage_UntilTheyExpire()
    {
        var rules = IgnoreFileParser.Parse("""
            # accepted risks
            CVE-1 reason=not reachable: we never parse certificates
            GHSA-xxxx-yyyy-zzzz package=b expires=2026-06-15 reason=upgrade planned
            CVE-3 package=c expires=2026-06-14 reason=old exception
            CVE-4 package=other
            """, ".sagekeepignore");
        var a = Finding("CVE-1", "a", Severity.Critical, "2.0-r0");
        var b = Finding("CVE-2", "b", Severity.Critical, "2.0-r0", "GHSA-xxxx-yyyy-zzzz");
        var c = Finding("CVE-3", "c", Severity.Critical, "2.0-r0");
        var d = Finding("CVE-4", "d", Severity.Critical, "2.0-r0");

        var verdict = ScanPolicy.Default with { Ignores = rules };
        var result = verdict.Evaluate(Result(a, b, c, d));

        result.Suppressed.Select(s => (s.Finding.VulnerabilityId, s.Kind, s.Reason)).ShouldBe([
            ("CVE-1", SuppressionKind.Ignored, "not reachable: we never parse certificates"),
            ("CVE-2", SuppressionKind.Ignored, "upgrade planned")]);
        result.Remaining.ShouldBe([c, d]);
        result.Passed.ShouldBeFalse();
        result.Warnings.ShouldBe(["ignore entry CVE-3 (c) expired on 2026-06-14: it no longer suppresses"]);
    }

    [Fact]
    public void IgnoreFile_InYaml_IsReadAndBadEntriesAreRefusedWithTheLine()
    {
        var rules = IgnoreFileParser.Parse("""
            ignore:
              - id: CVE-2021-3711
                package: openssl
                expires: 2027-01-31
                reason: vendor backport verified
              - id: CVE-2020-28928
            """, "ignore.yaml");

        rules.ShouldBe([new IgnoreRule("CVE-2021-3711", "openssl", new DateOnly(2027, 1, 31), "vendor backport verified"), new IgnoreRule("CVE-2020-28928", null, null, null)]);
        Should.Throw<PolicyFileException>(() => IgnoreFileParser.Parse("ignore:\n  - id: CVE-1\n    expires: tomorrow\n", "x.yaml")).Message.ShouldBe("x.yaml: line 2: expires 'tomorrow' is not a date (YYYY-MM-DD)");
        Should.Throw<PolicyFileException>(() => IgnoreFileParser.Parse("ignore:\n  - id: CVE-1\n    severity: low\n", "x.yaml")).Message.ShouldContain("unknown field 'severity'");
        Should.Throw<PolicyFileException>(() => IgnoreFileParser.Parse("CVE-1 until=2020-01-01\n", ".sagekeepignore")).Message.ShouldBe(".sagekeepignore: line 1: unknown field 'until=2020-01-01' (package=, expires=, reason=)");
        Should.Throw<PolicyFileException>(() => IgnoreFileParser.Parse("ignore: " + new string('[', 100), "deep.yaml")).Message.ShouldContain("nested deeper than 16 levels");
    }

    [Fact]
    public void OpenVex_NotAffectedAndFixed_Suppress_AffectedAndUnderInvestigationDoNot()
    {
        var statements = OpenVexParser.Parse(Encoding.UTF8.GetBytes("""
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "security team", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
             "statements": [
               {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:oci/app", "subcomponents": [{"@id": "pkg:apk/alpine/a"}]}],
                "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
               {"vulnerability": {"name": "GHSA-xxxx-yyyy-zzzz"}, "products": [{"@id": "pkg:apk/alpine/b@1.0-r0"}], "status": "fixed"},
               {"vulnerability": {"name": "CVE-3"}, "products": [{"@id": "pkg:apk/alpine/c@9.9"}], "status": "not_affected", "impact_statement": "other version"},
               {"vulnerability": {"name": "CVE-4"}, "products": [{"@id": "pkg:oci/app"}], "status": "not_affected", "justification": "component_not_present"},
               {"vulnerability": {"name": "CVE-4"}, "products": [{"@id": "pkg:oci/app"}], "status": "under_investigation"}
             ]}
            """), "app.vex.json");
        var a = Finding("CVE-1", "a", Severity.Critical, "2.0-r0");
        var b = Finding("CVE-2", "b", Severity.Critical, "2.0-r0", "GHSA-xxxx-yyyy-zzzz");
        var c = Finding("CVE-3", "c", Severity.Critical, "2.0-r0");
        var d = Finding("CVE-4", "d", Severity.Critical, "2.0-r0");

        var verdict = (ScanPolicy.Default with { Vex = statements }).Evaluate(Result(a, b, c, d));

        verdict.Suppressed.Select(s => (s.Finding.VulnerabilityId, s.Kind, s.Reason)).ShouldBe([
            ("CVE-1", SuppressionKind.Vex, "VEX not_affected: vulnerable_code_not_in_execute_path (https://example.com/vex/1)"),
            ("CVE-2", SuppressionKind.Vex, "VEX fixed (https://example.com/vex/1)")]);

        // c: another version is named; d: the later under_investigation statement supersedes not_affected.
        verdict.Remaining.ShouldBe([c, d]);
    }

    [Fact]
    public void OpenVex_MalformedDocuments_AreRefusedWithTheReason()
    {
        static string Error(string json) => Should.Throw<PolicyFileException>(() => OpenVexParser.Parse(Encoding.UTF8.GetBytes(json), "v.json")).Message;

        Error("{\"statements\": []}").ShouldContain("not an OpenVEX document");
        Error("{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [").ShouldContain("not valid JSON");
        Error("""{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "products": ["pkg:apk/alpine/a"], "status": "maybe"}]}""")
            .ShouldBe("v.json: statements[0]: unknown status 'maybe' (not_affected, affected, fixed, under_investigation)");
        Error("""{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-1"}, "products": ["pkg:apk/alpine/a"], "status": "not_affected"}]}""")
            .ShouldContain("not_affected needs a justification or an impact_statement");
    }
}
