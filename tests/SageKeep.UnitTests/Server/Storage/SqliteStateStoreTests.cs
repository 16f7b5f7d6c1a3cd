using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Storage;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-store-").FullName;
    private readonly SqliteStateStore _store;

    public SqliteStateStoreTests()
    {
        _store = new SqliteStateStore(Path.Combine(_directory, "state.db"));
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Initialize_SwitchesToWal_AndConnectionsUseFullSyncAndABusyTimeout()
    {
        await _store.InitializeAsync(CancellationToken.None);

        (await ScalarAsync("PRAGMA journal_mode")).ShouldBe("wal");
        (await ScalarAsync("PRAGMA synchronous")).ShouldBe("2"); // 2 = FULL
        (await ScalarAsync("PRAGMA busy_timeout")).ShouldBe(SqliteStateStore.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture));
        (await ScalarAsync("PRAGMA foreign_keys")).ShouldBe("1");
    }

    [Fact]
    public async Task Migrate_AppliesEachMigrationOnce_AndRecordsIt()
    {
        await _store.InitializeAsync(CancellationToken.None);
        Migration[] migrations =
        [
            new(2, "0002_second", "CREATE TABLE second_table (id INTEGER PRIMARY KEY)"),
            new(1, "0001_first", "CREATE TABLE first_table (id INTEGER PRIMARY KEY)"),
        ];

        var firstRun = await MigrationRunner.MigrateAsync(_store, migrations, TimeProvider.System, CancellationToken.None);
        var secondRun = await MigrationRunner.MigrateAsync(_store, migrations, TimeProvider.System, CancellationToken.None);

        firstRun.Select(m => m.Version).ShouldBe([1, 2]);
        secondRun.ShouldBeEmpty();
        (await MigrationRunner.AppliedVersionsAsync(_store, CancellationToken.None)).ShouldBe([1, 2]);
    }

    [Fact]
    public async Task Migrate_WhenAScriptFails_LeavesNeitherItsChangesNorItsRecord()
    {
        await _store.InitializeAsync(CancellationToken.None);
        Migration[] migrations = [new(1, "0001_broken", "CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;")];

        await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() => MigrationRunner.MigrateAsync(_store, migrations, TimeProvider.System, CancellationToken.None));

        (await MigrationRunner.AppliedVersionsAsync(_store, CancellationToken.None)).ShouldBeEmpty();
        (await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'")).ShouldBe("0");
    }

    [Fact]
    public async Task EmbeddedMigrations_AreNumberedFromOne_AndApplyToAFreshDatabase()
    {
        await _store.InitializeAsync(CancellationToken.None);

        var applied = await MigrationRunner.MigrateAsync(_store, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);

        MigrationCatalog.Embedded.ShouldNotBeEmpty();
        MigrationCatalog.Embedded[0].Version.ShouldBe(1);
        applied.Count.ShouldBe(MigrationCatalog.Embedded.Count);
        (await ScalarAsync("SELECT COUNT(*) FROM server_metadata")).ShouldBe("0");
    }

    [Fact]
    public async Task InTransaction_WhenWorkThrows_RollsBackEverything()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.InTransactionAsync(async (c, t, ct) => await ExecuteAsync(c, t, "CREATE TABLE items (id INTEGER PRIMARY KEY)", ct), CancellationToken.None);

        await Should.ThrowAsync<InvalidOperationException>(() => _store.InTransactionAsync(
            async (c, t, ct) =>
            {
                await ExecuteAsync(c, t, "INSERT INTO items (id) VALUES (1)", ct);
                throw new InvalidOperationException("simulated bug after the first write");
            },
            CancellationToken.None));

        (await ScalarAsync("SELECT COUNT(*) FROM items")).ShouldBe("0");
    }

    [Fact]
    public async Task InTransaction_ParametersTravelSeparatelyFromSql()
    {
        await _store.InitializeAsync(CancellationToken.None);
        const string hostile = "x'); DROP TABLE items; --";
        await _store.InTransactionAsync(
            async (c, t, ct) =>
            {
                await ExecuteAsync(c, t, "CREATE TABLE items (name TEXT NOT NULL)", ct);
                await using var insert = c.CreateCommand("INSERT INTO items (name) VALUES (@name)", t, ("@name", hostile));
                await insert.ExecuteNonQueryAsync(ct);
            },
            CancellationToken.None);

        (await ScalarAsync("SELECT name FROM items")).ShouldBe(hostile);
    }

    [Fact]
    public async Task InTransaction_ConcurrentWriters_QueueOnTheLockInsteadOfFailing()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await _store.InTransactionAsync(async (c, t, ct) => await ExecuteAsync(c, t, "CREATE TABLE counter (id INTEGER PRIMARY KEY)", ct), CancellationToken.None);

        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var id = (writer * 1000) + i;
                await _store.InTransactionAsync(
                    async (c, t, ct) =>
                    {
                        await using var insert = c.CreateCommand("INSERT INTO counter (id) VALUES (@id)", t, ("@id", id));
                        await insert.ExecuteNonQueryAsync(ct);
                    },
                    CancellationToken.None);
            }
        }));
        await Task.WhenAll(writers);

        (await ScalarAsync("SELECT COUNT(*) FROM counter")).ShouldBe("100");
    }

    [Fact]
    public async Task EnsureAccountId_RecordsTheFirstAccount_AndRefusesAnotherLater()
    {
        await _store.InitializeAsync(CancellationToken.None);
        await MigrationRunner.MigrateAsync(_store, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);

        var first = await ServerMetadata.EnsureAccountIdAsync(_store, "123456789012", CancellationToken.None);
        var same = await ServerMetadata.EnsureAccountIdAsync(_store, "123456789012", CancellationToken.None);
        var other = await ServerMetadata.EnsureAccountIdAsync(_store, "000000000000", CancellationToken.None);

        first.ShouldBeNull();
        same.ShouldBeNull();
        other.ShouldBe("account id 000000000000 differs from 123456789012, the account this data directory was created with");
    }

    [Theory]
    [InlineData("0001_initial", 1)]
    [InlineData("0042_add_jobs", 42)]
    public void ParseVersion_ReadsTheLeadingNumber(string name, int expected) =>
        MigrationCatalog.ParseVersion(name).ShouldBe(expected);

    [Theory]
    [InlineData("initial")]
    [InlineData("_initial")]
    [InlineData("0000_zero")]
    [InlineData("v1_initial")]
    public void ParseVersion_WithBadName_IsABuildMistake(string name) =>
        Should.Throw<InvalidOperationException>(() => MigrationCatalog.ParseVersion(name));

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = await _store.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand(sql, null);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
