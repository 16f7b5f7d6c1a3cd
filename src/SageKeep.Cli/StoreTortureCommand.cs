using System.CommandLine;
using System.Globalization;
using SageKeep.Server.Storage;

namespace SageKeep.Cli;

/// <summary>
/// Hidden <c>sagekeep store-torture</c>: commits numbered rows to the state store in a loop and prints
/// each number only after its commit returned. The crash test kills it with SIGKILL at a random point
/// and checks that every printed number survived.
/// </summary>
internal static class StoreTortureCommand
{
    public static Command Create()
    {
        var command = new Command("store-torture", "Commit numbered rows until killed (durability test).") { Hidden = true };
        var dataDir = new Option<string>("--data-dir") { Required = true, Description = "directory holding state.db" };
        var rows = new Option<int>("--rows") { DefaultValueFactory = _ => 1_000_000, Description = "rows to commit before stopping" };
        command.Options.Add(dataDir);
        command.Options.Add(rows);
        command.SetAction(parseResult => RunAsync(parseResult.GetValue(dataDir)!, parseResult.GetValue(rows)).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(string dataDir, int rows)
    {
        PrivateFiles.EnsureDirectory(dataDir);
        using var store = new SqliteStateStore(Path.Combine(dataDir, "state.db"));
        await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        await store.InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                await using var create = connection.CreateCommand(
                    "CREATE TABLE IF NOT EXISTS torture_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)", transaction);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            CancellationToken.None).ConfigureAwait(false);

        var payload = new string('x', 2048);
        var next = await MaxIdAsync(store).ConfigureAwait(false) + 1;
        for (var i = 0; i < rows; i++, next++)
        {
            var id = next;
            await store.InTransactionAsync(
                async (connection, transaction, ct) =>
                {
                    await using var insert = connection.CreateCommand(
                        "INSERT INTO torture_rows (id, payload) VALUES (@id, @payload)", transaction, ("@id", id), ("@payload", payload));
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                },
                CancellationToken.None).ConfigureAwait(false);

            // Printed only after the commit returned: a printed number is a promise of durability.
            Console.Out.WriteLine(id.ToString(CultureInfo.InvariantCulture));
        }

        return 0;
    }

    private static async Task<long> MaxIdAsync(SqliteStateStore store)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand("SELECT COALESCE(MAX(id), 0) FROM torture_rows", null);
        return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
