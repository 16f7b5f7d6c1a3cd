using System.Diagnostics;
using System.Globalization;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Server.Storage;

namespace SageKeep.IntegrationTests.Storage;

/// <summary>
/// Durability under SIGKILL: a child process commits numbered rows and prints each number after its
/// commit returned; it is killed mid-stream, and every printed number must be in the reopened database,
/// which must pass SQLite's integrity check. Three rounds on the same file also exercise WAL recovery.
/// </summary>
public sealed class StoreCrashTests : IDisposable
{
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task KillDuringWrites_LosesNoCommittedRow_AndLeavesAnIntactDatabase()
    {
        var reported = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            reported.AddRange(await RunAndKillAsync(killAfter: 150 + (round * 100)));
        }

        reported.Count.ShouldBeGreaterThanOrEqualTo(450);
        using var store = new SqliteStateStore(Path.Combine(_dataDir, "state.db"));
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);

        await using (var check = connection.CreateCommand("PRAGMA integrity_check", null))
        {
            (await check.ExecuteScalarAsync() as string).ShouldBe("ok");
        }

        var present = new HashSet<long>();
        await using (var select = connection.CreateCommand("SELECT id FROM torture_rows", null))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                present.Add(reader.GetInt64(0));
            }
        }

        reported.Where(id => !present.Contains(id)).ShouldBeEmpty("rows reported committed are missing");
        reported.Distinct().Count().ShouldBe(reported.Count);
    }

    private async Task<List<long>> RunAndKillAsync(int killAfter)
    {
        using var process = new Process { StartInfo = ServerProcess.StartInfo(["store-torture", "--data-dir", _dataDir]) };
        process.Start();
        var committed = new List<long>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (committed.Count < killAfter)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("store-torture ended early: " + await process.StandardError.ReadToEndAsync());
                committed.Add(long.Parse(line, CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            // SIGKILL: no chance to flush, close or checkpoint anything.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // Lines already written before the kill were also committed first.
        while (await process.StandardOutput.ReadLineAsync() is { } rest)
        {
            if (long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                committed.Add(id);
            }
        }

        return committed;
    }
}
