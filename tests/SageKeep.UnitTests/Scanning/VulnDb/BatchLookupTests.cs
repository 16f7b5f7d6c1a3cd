using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

/// <summary>The batched lookups a scan makes, and the status cache: stale never, also when another connection imports.</summary>
public sealed class BatchLookupTests
{
    [Fact]
    public async Task FindAffected_ForManyNames_EqualsOneLookupPerName_AndEveryNameIsAKey()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("alpine-secdb", "v3.11", "main.json"))).Error.ShouldBeNull();
        string[] names = ["openssl", "zlib", "musl", "busybox", "no-such-package"];

        var batch = await temp.Database.FindAffectedAsync("alpine", "3.11", names, CancellationToken.None);

        batch.Keys.Order(StringComparer.Ordinal).ShouldBe(names.Order(StringComparer.Ordinal));
        batch["no-such-package"].ShouldBeEmpty();
        batch["openssl"].ShouldContain(m => m.Aliases.Contains("CVE-2021-3711"));
        batch.Values.Sum(v => v.Count).ShouldBeGreaterThan(20);
        foreach (var name in names)
        {
            var single = await temp.Database.FindAffectedAsync("alpine", "3.11", name, CancellationToken.None);
            batch[name].Select(m => (m.Source, m.RecordId, m.Package.Name, m.Package.FixedVersion))
                .ShouldBe(single.Select(m => (m.Source, m.RecordId, m.Package.Name, m.Package.FixedVersion)));
            batch[name].ShouldAllBe(m => m.Package.Name == name && m.Record != null);
        }
    }

    [Fact]
    public async Task GetRecords_ReturnsTheStoredOnes_ByTheirIds()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("nvd"))).Error.ShouldBeNull();

        var records = await temp.Database.GetRecordsAsync("nvd", ["CVE-2021-1566", "CVE-1999-0000", "CVE-2021-1566"], CancellationToken.None);

        records.Keys.ShouldBe(["CVE-2021-1566"]);
        records["CVE-2021-1566"].Weaknesses.ShouldBe(["CWE-296", "CWE-295"]);
        (await temp.Database.GetRecordsAsync("osv", ["CVE-2021-1566"], CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_IsFresh_AfterAnImportThroughThisConnection_AndThroughAnotherOne()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(temp.Write("a.json", OsvText.Record("PYSEC-1", "2025-01-01T00:00:00Z", "2.0")))).Error.ShouldBeNull();
        (await temp.CountsAsync())["osv"].ShouldBe(1);

        // This connection writes: the cached status is dropped.
        (await temp.ImportAsync(temp.Write("b.json", OsvText.Record("PYSEC-2", "2025-01-02T00:00:00Z", "2.0")))).Error.ShouldBeNull();
        (await temp.CountsAsync())["osv"].ShouldBe(2);

        // Another connection (another process, in practice) writes: SQLite's data_version tells this one.
        var (other, error) = await VulnDatabase.OpenAsync(temp.DatabasePath, temp.Time, CancellationToken.None);
        error.ShouldBeNull();
        await using (other!)
        {
            (await other!.ImportAsync([temp.Write("c.json", OsvText.Record("PYSEC-3", "2025-01-03T00:00:00Z", "2.0"))], null, null, CancellationToken.None)).Error.ShouldBeNull();
        }

        (await temp.CountsAsync())["osv"].ShouldBe(3);
        (await temp.Database.GetStatusAsync(CancellationToken.None)).Single().NewestModified.ShouldBe(new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero));
    }
}
