using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>Each feed parser on the copied samples; expected values are read from the sample files.</summary>
public sealed class FeedParserTests
{
    [Fact]
    public void AlpineYaml_Main311_HasAnsibleFixesWithReleaseAndApkScheme()
    {
        var records = Read(new AlpineSecDbParser(yaml: true), "alpine-secdb", "v3.11", "main.yaml");

        var record = records.Single(r => r.Id == "3.11/main/ansible/CVE-2019-14904");
        record.Source.ShouldBe("alpine");
        record.Aliases.ShouldBe(["CVE-2019-14904"]);
        var affected = record.Affected.ShouldHaveSingleItem();
        (affected.Namespace, affected.Release, affected.Name, affected.VersionScheme).ShouldBe(("alpine", "3.11", "ansible", "apk"));
        affected.FixState.ShouldBe(FixState.Fixed);
        affected.FixedVersion.ShouldBe("2.9.3-r0");
        affected.Ranges.ShouldBe([new AffectedRange("ECOSYSTEM", "0", "2.9.3-r0", null, null)]);
        records.Count(r => r.Id.StartsWith("3.11/main/ansible/", StringComparison.Ordinal)).ShouldBeGreaterThan(5);
    }

    [Fact]
    public void AlpineJson_Main311_FixedVersionZero_IsNotAffected()
    {
        var records = Read(new AlpineSecDbParser(yaml: false), "alpine-secdb", "v3.11", "main.json");

        var busybox = records.Single(r => r.Id == "3.11/main/busybox/CVE-2021-42373").Affected.Single();
        busybox.FixState.ShouldBe(FixState.NotAffected);
        busybox.FixedVersion.ShouldBeNull();
        busybox.Ranges.ShouldBeEmpty();
        records.Single(r => r.Id == "3.11/main/ansible/CVE-2019-14904").Affected.Single().FixedVersion.ShouldBe("2.9.3-r0");
    }

    [Fact]
    public void AlpineJsonAndYaml_Main311_AgreeOnEveryYamlRecord()
    {
        var yaml = Read(new AlpineSecDbParser(yaml: true), "alpine-secdb", "v3.11", "main.yaml").ToDictionary(r => r.Id);
        var json = Read(new AlpineSecDbParser(yaml: false), "alpine-secdb", "v3.11", "main.json").ToDictionary(r => r.Id);

        foreach (var (id, record) in yaml)
        {
            json.ShouldContainKey(id);
            json[id].Affected.Single().FixedVersion.ShouldBe(record.Affected.Single().FixedVersion, id);
        }
    }

    [Fact]
    public void Osv_Go20220969_CutsEventsIntoIntervals()
    {
        var record = Read(new OsvParser(), "osv", "GO-2022-0969.json").ShouldHaveSingleItem();

        record.Id.ShouldBe("GO-2022-0969");
        record.Aliases.ShouldBe(["CVE-2022-27664", "GHSA-69cg-p879-7622"]);
        record.Modified.ShouldBe(new DateTimeOffset(2024, 5, 20, 16, 3, 47, TimeSpan.Zero));
        record.Published.ShouldBe(new DateTimeOffset(2022, 9, 12, 20, 23, 6, TimeSpan.Zero));
        var stdlib = record.Affected.Single(a => a.Name == "stdlib");
        (stdlib.Namespace, stdlib.Release, stdlib.VersionScheme).ShouldBe(("go", "", "golang"));
        stdlib.Ranges.ShouldBe([
            new AffectedRange("SEMVER", "0", "1.18.6", null, null),
            new AffectedRange("SEMVER", "1.19.0-0", "1.19.1", null, null),
        ]);
        record.Affected.Single(a => a.Name == "golang.org/x/net").FixedVersion.ShouldBe("0.0.0-20220906165146-f3363e06e74c");
    }

    [Fact]
    public void Osv_ChainguardRecord_ScoresItsCvssVector()
    {
        var record = Read(new OsvParser(), "osv", "CGA-224q-ccj5-2p53.json").ShouldHaveSingleItem();

        var cvss = record.Severities.Single(s => s.Type == "CVSS_V3");
        cvss.Vector.ShouldBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N");
        cvss.BaseScore.ShouldBe(9.1);
        cvss.Severity.ShouldBe(CvssSeverity.Critical);
        record.Affected.Select(a => (a.Namespace, a.VersionScheme)).Distinct().ShouldBe([("chainguard", "apk"), ("wolfi", "apk")], ignoreOrder: true);
    }

    [Theory]
    [InlineData("ROOT-OS-DEBIAN-bookworm-CVE-2025-53014.json", "root:debian", "bookworm", "deb")]
    [InlineData("ROOT-OS-ALPINE-318-CVE-2000-0548.json", "root:alpine", "3.18", "apk")]
    [InlineData("ROOT-APP-PYPI-CVE-2025-30473.json", "root:pypi", "", "pypi")]
    [InlineData("ALSA-2020-1636.json", "almalinux", "8", "rpm")]
    public void Osv_Ecosystems_SplitIntoNamespaceReleaseAndScheme(string file, string ns, string release, string scheme)
    {
        var affected = Read(new OsvParser(), "osv", file).Single().Affected[0];

        (affected.Namespace, affected.Release, affected.VersionScheme).ShouldBe((ns, release, scheme));
    }

    [Fact]
    public void Nvd_Cve20211566_HasMetricsCweReferencesAndCpeRanges()
    {
        var record = Read(new NvdParser(), "nvd", "cve-2021-1566.json").ShouldHaveSingleItem();

        record.Id.ShouldBe("CVE-2021-1566");
        record.Summary.ShouldBe("description.");
        record.Published.ShouldBe(new DateTimeOffset(2021, 6, 16, 18, 15, 8, 710, TimeSpan.Zero));
        record.Modified.ShouldBe(new DateTimeOffset(2024, 11, 21, 5, 44, 38, 237, TimeSpan.Zero));
        record.Weaknesses.ShouldBe(["CWE-296", "CWE-295"]);
        record.References[0].Tags.ShouldBe(["Vendor Advisory"]);
        var primary = record.Severities.Single(s => s.Type == "CVSS_V3" && s.IsPrimary);
        (primary.Source, primary.BaseScore, primary.Severity).ShouldBe(("nvd@nist.gov", 7.4, CvssSeverity.High));
        (primary.Confidentiality, primary.Integrity, primary.Availability).ShouldBe((CvssImpact.High, CvssImpact.High, CvssImpact.None));
        var v2 = record.Severities.Single(s => s.Type == "CVSS_V2");
        (v2.Vector, v2.BaseScore).ShouldBe(("AV:N/AC:M/Au:N/C:P/I:P/A:N", 5.8));
        var asyncos = record.CpeMatches.Where(m => m.Product == "asyncos").ToList();
        asyncos.Count.ShouldBe(6);
        asyncos.ShouldContain(m => m.VersionStartIncluding == "13.0" && m.VersionEndExcluding == "13.0.0-030" && m.Vendor == "cisco" && m.Vulnerable);
    }

    [Fact]
    public void Nvd_CriteriaWithUnescapedColons_IsSkipped()
    {
        var record = Read(new NvdParser(), "nvd", "invalid_cpe.json").ShouldHaveSingleItem();

        record.CpeMatches.ShouldNotContain(m => m.Criteria.Contains("soap::lite", StringComparison.Ordinal));
    }

    [Fact]
    public void Nvd_V40Metric_KeepsNvdScoreAndSource()
    {
        var record = Read(new NvdParser(), "nvd", "fix-version.json").ShouldHaveSingleItem();

        var v4 = record.Severities.Single(s => s.Type == "CVSS_V4");
        (v4.BaseScore, v4.IsPrimary).ShouldBe((7.5, false));
        record.Severities.Single(s => s.Type == "CVSS_V3").BaseScore.ShouldBe(9.8);
    }

    [Fact]
    public void DebianTracker_Sample_MapsEveryFixState()
    {
        var records = Read(new DebianTrackerParser(), "debian", "tracker-sample.json").ToDictionary(r => r.Id);

        var cve = records["openssl/CVE-2023-5678"];
        cve.Aliases.ShouldBe(["CVE-2023-5678"]);
        cve.Summary!.ShouldStartWith("Generating excessively long X9.42 DH keys");
        var byRelease = cve.Affected.ToDictionary(a => a.Release);
        (byRelease["bookworm"].FixState, byRelease["bookworm"].FixedVersion).ShouldBe((FixState.Fixed, "3.0.13-1~deb12u1"));
        byRelease["buster"].FixState.ShouldBe(FixState.EndOfLife);
        byRelease["bookworm"].VersionScheme.ShouldBe("deb");
        var open = records["openssl/CVE-2024-2511"].Affected.ToDictionary(a => a.Release);
        (open["bookworm"].FixState, open["bookworm"].Severity).ShouldBe((FixState.NotFixed, "unimportant"));
        open["trixie"].FixState.ShouldBe(FixState.Undetermined);
        var zlib = records["zlib/CVE-2023-45853"].Affected.ToDictionary(a => a.Release);
        zlib["bookworm"].FixState.ShouldBe(FixState.NotAffected);
        zlib["bullseye"].FixState.ShouldBe(FixState.NotAffected);
        records["zlib/TEMP-0000000-1A2B3C"].Aliases.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("nvd/cve-2021-1566.json", FeedFormat.Nvd)]
    [InlineData("osv/GO-2020-0001.json", FeedFormat.Osv)]
    [InlineData("alpine-secdb/v3.11/main.json", FeedFormat.AlpineSecDbJson)]
    [InlineData("alpine-secdb/v3.11/main.yaml", FeedFormat.AlpineSecDbYaml)]
    [InlineData("debian/tracker-sample.json", FeedFormat.DebianTracker)]
    public void Detect_Sample_RecognisesItsFormat(string file, FeedFormat format) =>
        FeedDetector.Detect(File.ReadAllBytes(VulnDbTestData.File(file.Split('/')))).ShouldBe(format);

    private static List<VulnRecord> Read(IFeedParser parser, params string[] path)
    {
        using var stream = File.OpenRead(VulnDbTestData.File(path));
        return parser.Read(stream, path[^1], FeedLimits.Default).ToList();
    }
}
