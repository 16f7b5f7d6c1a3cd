using System.IO.Compression;
using Microsoft.Data.Sqlite;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.UnitTests.Scanning.VulnDb;

public sealed class VulnDatabaseImportTests
{
    [Fact]
    public async Task Import_AllSamples_AreFoundByNamespaceReleaseAndPackage()
    {
        await using var temp = await TempDatabase.CreateAsync();

        var result = await temp.ImportAsync(VulnDbTestData.File("alpine-secdb", "v3.11", "main.json"), VulnDbTestData.File("osv"),
            VulnDbTestData.File("nvd"), VulnDbTestData.File("debian", "tracker-sample.json"));

        result.Error.ShouldBeNull();
        var openssl = await temp.Database.FindAffectedAsync("alpine", "3.11", "openssl", CancellationToken.None);
        openssl.ShouldContain(m => m.Aliases.Contains("CVE-2021-3711") && m.Package.FixState == FixState.Fixed);
        var gin = (await temp.Database.FindAffectedAsync("go", "", "github.com/gin-gonic/gin", CancellationToken.None)).ShouldHaveSingleItem();
        (gin.Source, gin.RecordId, gin.Package.FixedVersion).ShouldBe(("osv", "GO-2020-0001", "1.6.0"));
        var bookworm = await temp.Database.FindAffectedAsync("debian", "bookworm", "openssl", CancellationToken.None);
        bookworm.Select(m => m.RecordId).ShouldBe(["openssl/CVE-2023-5678", "openssl/CVE-2024-2511"]);
        var nvd = (await temp.Database.FindByIdOrAliasAsync("CVE-2020-36567", CancellationToken.None)).ShouldHaveSingleItem();
        nvd.Id.ShouldBe("GO-2020-0001");
        (await temp.Database.FindCpeMatchesAsync("cisco", "asyncos", CancellationToken.None)).Count.ShouldBe(6);
        (await temp.Database.GetRecordAsync("nvd", "CVE-2021-1566", CancellationToken.None))!.Weaknesses.ShouldBe(["CWE-296", "CWE-295"]);
    }

    [Fact]
    public async Task Reimport_NewerModified_UpdatesRecordAndOlderIsIgnored()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var first = temp.Write("v1.json", OsvText.Record("PYSEC-1", "2025-01-01T00:00:00Z", "2.0"));
        (await temp.ImportAsync(first)).Added.ShouldBe(1);

        var newer = temp.Write("v2.json", OsvText.Record("PYSEC-1", "2025-02-01T00:00:00Z", "2.1"));
        var updated = await temp.ImportAsync(newer);
        var older = temp.Write("v0.json", OsvText.Record("PYSEC-1", "2024-12-01T00:00:00Z", "1.9"));
        var stale = await temp.ImportAsync(older);
        var same = await temp.ImportAsync(newer);

        (updated.Added, updated.Updated).ShouldBe((0, 1));
        stale.Stale.ShouldBe(1);
        same.Unchanged.ShouldBe(1);
        var match = (await temp.Database.FindAffectedAsync("pypi", "", "requests", CancellationToken.None)).ShouldHaveSingleItem();
        match.Package.FixedVersion.ShouldBe("2.1");
        (await temp.CountsAsync())["osv"].ShouldBe(1);
        var status = (await temp.Database.GetStatusAsync(CancellationToken.None)).Single();
        status.NewestModified.ShouldBe(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        status.LastFile.ShouldBe("v2.json");
    }

    [Fact]
    public async Task Import_SecondFileFailsMidway_LeavesPreviousDatabaseIntact()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("osv", "GO-2020-0001.json"))).Succeeded.ShouldBeTrue();
        var before = await temp.CountsAsync();

        var good = temp.Write("good.json", OsvText.Record("PYSEC-2", "2025-01-01T00:00:00Z", "3.0"));
        var broken = temp.Write("broken.json", "[" + OsvText.Record("PYSEC-3", "2025-01-01T00:00:00Z", "1.0") + ", " + OsvText.Record("PYSEC-4", "2025-01-01T00:00:00Z", "1.0")[..40]);
        var result = await temp.ImportAsync(good, broken);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain("broken.json");
        (await temp.CountsAsync()).ShouldBe(before);
        (await temp.Database.FindAffectedAsync("pypi", "", "requests", CancellationToken.None)).ShouldBeEmpty();
        await temp.ReopenAsync();
        (await temp.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Import_CancelledMidway_LeavesPreviousDatabaseIntact()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("nvd", "cve-2021-1566.json"))).Succeeded.ShouldBeTrue();
        var before = await temp.CountsAsync();
        using var cancel = new CancellationTokenSource();

        // Cancelled once the first file is read: the Alpine records of that file are already written in the transaction.
        var progress = new CancelOnFirstFile(cancel);
        var result = await temp.Database.ImportAsync(
            [VulnDbTestData.File("alpine-secdb", "v3.11", "main.yaml"), VulnDbTestData.File("alpine-secdb", "v3.11", "community.yaml")],
            null, progress, cancel.Token);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain("cancelled");
        (await temp.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Prune_RemovesWithdrawnAndSourcesNotImportedSinceCutoff()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await temp.ImportAsync(temp.Write("a.json", OsvText.Record("PYSEC-5", "2025-01-01T00:00:00Z", "1.0")),
            temp.Write("b.json", OsvText.Record("PYSEC-6", "2025-01-01T00:00:00Z", "1.0", "flask", withdrawn: true)));
        temp.Time.Advance(TimeSpan.FromDays(10));
        await temp.ImportAsync(VulnDbTestData.File("nvd", "cve-2021-1566.json"));

        var withdrawn = await temp.Database.PruneAsync(null, CancellationToken.None);
        (await temp.Database.FindAffectedAsync("pypi", "", "requests", CancellationToken.None)).Count.ShouldBe(1);
        var old = await temp.Database.PruneAsync(temp.Time.GetUtcNow().AddDays(-5), CancellationToken.None);

        withdrawn.WithdrawnRemoved.ShouldBe(1);
        old.SourcesRemoved.ShouldBe(["osv"]);
        old.StaleSourceRecordsRemoved.ShouldBe(1);
        (await temp.CountsAsync()).ShouldBe(new Dictionary<string, int> { ["nvd"] = 1 });
    }

    [Fact]
    public async Task FindAffected_WithdrawnRecord_IsLeftOut()
    {
        await using var temp = await TempDatabase.CreateAsync();
        await temp.ImportAsync(temp.Write("w.json", OsvText.Record("PYSEC-7", "2025-01-01T00:00:00Z", "1.0", withdrawn: true)));

        (await temp.Database.FindAffectedAsync("pypi", "", "requests", CancellationToken.None)).ShouldBeEmpty();
        (await temp.Database.GetStatusAsync(CancellationToken.None)).Single().Withdrawn.ShouldBe(1);
    }

    [Fact]
    public async Task Import_OsvZipExport_ImportsEveryJsonEntry()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var zipPath = Path.Combine(temp.Directory, "all.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var file in Directory.EnumerateFiles(VulnDbTestData.File("osv"), "GO-*.json"))
            {
                zip.CreateEntryFromFile(file, Path.GetFileName(file));
            }
        }

        var result = await temp.ImportAsync(zipPath);

        result.Error.ShouldBeNull();
        result.Added.ShouldBe(Directory.EnumerateFiles(VulnDbTestData.File("osv"), "GO-*.json").Count());
        (await temp.Database.GetRecordAsync("osv", "GO-2024-2826", CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task FirstImport_BuildsTheLookupIndexesAtTheEnd_AndAFailedOneLeavesThemInPlace()
    {
        await using var temp = await TempDatabase.CreateAsync();
        var broken = temp.Write("broken.json", "[" + OsvText.Record("PYSEC-8", "2025-01-01T00:00:00Z", "1.0") + ", " + OsvText.Record("PYSEC-9", "2025-01-01T00:00:00Z", "1.0")[..40]);

        // Into the empty database the lookup indexes are dropped for the import; the failure rolls that back too.
        (await temp.ImportAsync(VulnDbTestData.File("alpine-secdb", "v3.11", "main.yaml"), broken)).Succeeded.ShouldBeFalse();
        (await IndexesAsync(temp)).ShouldBe(Indexes);
        (await temp.CountsAsync()).ShouldBeEmpty();

        (await temp.ImportAsync(VulnDbTestData.File("alpine-secdb", "v3.11", "main.yaml"))).Error.ShouldBeNull();
        (await IndexesAsync(temp)).ShouldBe(Indexes);
        (await temp.Database.FindAffectedAsync("alpine", "3.11", "ansible", CancellationToken.None)).Count.ShouldBeGreaterThan(5);
        (await temp.Database.FindByIdOrAliasAsync("CVE-2019-14904", CancellationToken.None)).ShouldContain(r => r.Id == "3.11/main/ansible/CVE-2019-14904");
    }

    [Fact]
    public async Task Open_SchemaVersion1File_DropsTheUnreadTables_AndKeepsTheRecords()
    {
        await using var temp = await TempDatabase.CreateAsync();
        (await temp.ImportAsync(VulnDbTestData.File("osv", "GO-2020-0001.json"))).Succeeded.ShouldBeTrue();
        await temp.Database.DisposeAsync();
        await using (var raw = new SqliteConnection($"Data Source={temp.DatabasePath};Pooling=False"))
        {
            await raw.OpenAsync();
            using var command = raw.CreateCommand();
            command.CommandText = "CREATE TABLE ranges (affected INTEGER, range_type TEXT); CREATE TABLE refs (record INTEGER, url TEXT); UPDATE meta SET value = '1' WHERE key = 'schema_version'";
            await command.ExecuteNonQueryAsync();
        }

        await temp.ReopenAsync();

        (await TablesAsync(temp)).ShouldNotContain("ranges");
        (await TablesAsync(temp)).ShouldNotContain("refs");
        (await temp.Database.FindAffectedAsync("go", "", "github.com/gin-gonic/gin", CancellationToken.None)).ShouldHaveSingleItem();
    }

    private static readonly string[] Indexes = ["affected_lookup", "affected_record", "aliases_alias", "aliases_record", "cpe_matches_product", "cpe_matches_record"];

    private static Task<List<string>> IndexesAsync(TempDatabase temp) => NamesAsync(temp, "index");

    private static Task<List<string>> TablesAsync(TempDatabase temp) => NamesAsync(temp, "table");

    private static async Task<List<string>> NamesAsync(TempDatabase temp, string type)
    {
        await using var raw = new SqliteConnection($"Data Source={temp.DatabasePath};Pooling=False;Mode=ReadOnly");
        await raw.OpenAsync();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = $type AND name NOT LIKE 'sqlite_%' ORDER BY name";
        command.Parameters.AddWithValue("$type", type);
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private sealed class CancelOnFirstFile(CancellationTokenSource cancel) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.FileDone)
            {
                cancel.Cancel();
            }
        }
    }
}
