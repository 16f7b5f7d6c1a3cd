using System.Text.Json.Nodes;

namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the audit trail with <c>sagekeep audit --format json</c>. Records are queued after the answer is sent and
/// written in group commits, so a test that has just seen the CLI call return repeats the query (bounded) until the
/// records it expects are there; what it then asserts is the records, not the timing.
/// </summary>
public static class AuditQuery
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The records that <paramref name="arguments"/> (after <c>audit --data-dir DIR --format json</c>) select and
    /// <paramref name="filter"/> keeps, once at least <paramref name="expected"/> are there or the patience runs out.
    /// </summary>
    public static async Task<List<JsonObject>> WaitForAsync(string dataDir, int expected, IEnumerable<string>? arguments = null, Func<JsonObject, bool>? filter = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        string[] command = ["audit", "--data-dir", dataDir, "--format", "json", .. arguments ?? []];
        while (true)
        {
            var (exitCode, stdout, stderr) = await ServerProcess.RunCliAsync(command);
            exitCode.ShouldBe(0, stderr);
            var records = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .Where(r => filter is null || filter(r))
                .ToList();
            if (records.Count >= expected || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The trail's JSON-lines files read directly, in file order, once they hold at least <paramref name="expected"/>
    /// records or the patience runs out.
    /// </summary>
    public static async Task<List<JsonObject>> WaitForFilesAsync(string dataDir, int expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        var directory = Path.Combine(dataDir, "audit");
        while (true)
        {
            var records = Directory.GetFiles(directory).Order(StringComparer.Ordinal)
                .SelectMany(File.ReadAllLines)
                .Where(l => l.Length > 0)
                .Select(l => JsonNode.Parse(l)!.AsObject())
                .ToList();
            if (records.Count >= expected || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(200);
        }
    }
}
