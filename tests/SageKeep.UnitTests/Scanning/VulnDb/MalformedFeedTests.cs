using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>Every malformed feed gives a clear error naming the file and leaves the database as it was.</summary>
public sealed class MalformedFeedTests
{
    private static readonly FeedLimits SmallLimits = new() { MaxRecordBytes = 1024 * 1024, MaxWholeFileBytes = 2 * 1024 * 1024, MaxDepth = 64 };

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "truncated NVD page", """{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": {"id": "CVE-2099-1", "published": "20""", "invalid JSON near byte" },
        { "truncated OSV record", """{"schema_version": "1.6.0", "id": "X-1", "affected": [""", "invalid JSON" },
        { "OSV aliases not a list", """{"id": "X-2", "modified": "2025-01-01T00:00:00Z", "aliases": "CVE-2099-2"}""", "field 'aliases' must be an array, not a string" },
        { "OSV unknown schema", """{"schema_version": "2.0.0", "id": "X-3", "modified": "2025-01-01T00:00:00Z"}""", "unsupported OSV schema_version '2.0.0'" },
        { "OSV bad CVSS vector", """{"id": "X-4", "modified": "2025-01-01T00:00:00Z", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:Q"}]}""", "invalid value 'Q' for metric AV" },
        { "OSV bad time", """{"id": "X-5", "modified": "yesterday"}""", "field 'modified' is not a date-time" },
        { "NVD score not a number", """{"cve": {"id": "CVE-2099-3", "metrics": {"cvssMetricV31": [{"type": "Primary", "cvssData": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": "high"}}]}}}""", "field 'baseScore' must be a number, not a string" },
        { "NVD unknown version", """{"format": "NVD_CVE", "version": "3.0", "vulnerabilities": []}""", "unsupported NVD format version" },
        { "NVD 1.1 feed", """{"CVE_data_type": "CVE", "CVE_Items": []}""", "NVD JSON 1.1 feeds" },
        { "Debian unknown status", """{"openssl": {"CVE-2099-4": {"releases": {"bookworm": {"status": "maybe", "urgency": "low"}}}}}""", "unknown status 'maybe'" },
        { "Debian CVE not an object", """{"openssl": {"CVE-2099-5": [1]}, "zlib": {"CVE-2099-6": {"releases": {}}}}""", "CVE-2099-5: must be an object" },
        { "Debian package not an object", """{"zlib": {"CVE-2099-6": {"releases": {}}}, "openssl": [1, 2]}""", "maps source packages to objects" },
        { "Alpine secfixes not a list", """{"distroversion": "v3.11", "reponame": "main", "packages": [{"pkg": {"name": "zlib", "secfixes": {"1.2.12-r0": "CVE-2018-25032"}}}]}""", "must be a list of ids" },
        { "Alpine YAML syntax", "distroversion: v3.11\npackages:\n  - pkg: {name: zlib\n", "invalid YAML at line" },
        { "not a feed", "hello world", "not a recognised feed" },
        { "empty file", "", "not a recognised feed" },
        { "deep JSON nesting", "[" + new string('[', 5000), "depth" },
        { "deep YAML nesting", "distroversion: v3.11\npackages: " + new string('[', 5000), "nested deeper than 64 levels" },
        { "huge string in a record", "[{\"id\": \"X-6\", \"details\": \"" + new string('a', 3 * 1024 * 1024) + "\"}]", "larger than 1048576 bytes" },
        { "huge single record", "{\"id\": \"X-7\", \"details\": \"" + new string('a', 3 * 1024 * 1024) + "\"}", "larger than 2097152 bytes" },
        { "huge line without end", "{\"cve\": \"" + new string('a', 3 * 1024 * 1024), "larger than 1048576 bytes" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_MalformedFeed_FailsClearlyAndLeavesDatabaseUnchanged(string name, string content, string reason)
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("osv", "GO-2020-0001.json"))).Succeeded.ShouldBeTrue();
        var before = await temp.CountsAsync();
        var path = temp.Write("bad-feed.json", content);

        var result = await temp.Database.ImportAsync([path], null, null, SmallLimits, CancellationToken.None);

        result.Succeeded.ShouldBeFalse(name);
        result.Error!.ShouldContain("bad-feed.json", customMessage: name);
        result.Error!.ShouldContain(reason, customMessage: $"{name}: {result.Error}");
        (await temp.CountsAsync()).ShouldBe(before, name);
    }

    [Fact]
    public async Task Import_MissingFile_FailsNamingIt()
    {
        await using var temp = await TempDatabase.CreateAsync();

        var result = await temp.ImportAsync(Path.Combine(temp.Directory, "nope.json"));

        result.Error!.ShouldContain("nope.json: no such file or directory");
    }
}
