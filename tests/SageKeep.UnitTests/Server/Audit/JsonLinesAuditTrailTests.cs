using Microsoft.Extensions.Logging.Abstractions;
using SageKeep.Server.Audit;
using SageKeep.Server.Storage;

namespace SageKeep.UnitTests.Server.Audit;

public sealed class JsonLinesAuditTrailTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagekeep-audit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RecordAsync_ManyConcurrentRecords_AreAllWrittenIndexedAndQueryable()
    {
        using var store = new SqliteStateStore(Path.Combine(_directory, "state.db"));
        await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        var auditDirectory = Path.Combine(_directory, "audit");
        var start = new DateTimeOffset(2026, 11, 28, 23, 59, 0, TimeSpan.Zero);
        await using (var trail = new JsonLinesAuditTrail(auditDirectory, store, NullLogger<JsonLinesAuditTrail>.Instance))
        {
            // 200 records across midnight: two daily files.
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => trail.RecordAsync(Record(i, start.AddSeconds(i)), CancellationToken.None).AsTask()));
        }

        Directory.GetFiles(auditDirectory).Select(Path.GetFileName).Order().ShouldBe(["audit-20261128.jsonl", "audit-20261129.jsonl"]);
        File.ReadAllLines(Path.Combine(auditDirectory, "audit-20261128.jsonl")).Length.ShouldBe(60);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(auditDirectory, "audit-20261128.jsonl")).ShouldBe(PrivateFiles.FileMode);
        }

        var query = new AuditQuery(store, auditDirectory);
        var denied = await query.FindAsync(new AuditFilter { Decision = "ExplicitDeny", Limit = 1000 }, CancellationToken.None);
        denied.Count.ShouldBe(20);
        denied.ShouldAllBe(r => r.Decision == "ExplicitDeny" && r.EventName == "CreateUser");

        var window = await query.FindAsync(new AuditFilter { From = start.AddSeconds(10), To = start.AddSeconds(19), Limit = 1000 }, CancellationToken.None);
        window.Select(r => r.RequestId).ShouldBe(Enumerable.Range(10, 10).Reverse().Select(i => $"req-{i}"));

        var bob = await query.FindAsync(new AuditFilter { PrincipalArn = "arn:aws:iam::123456789012:user/bob", Limit = 5 }, CancellationToken.None);
        bob.Count.ShouldBe(5);
        bob[0].RequestId.ShouldBe("req-199");
    }

    [Fact]
    public async Task EnqueueAsync_RecordsQueuedWithoutWaiting_AreAllWrittenAndIndexedByAGracefulStop()
    {
        using var store = new SqliteStateStore(Path.Combine(_directory, "state.db"));
        await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, CancellationToken.None);
        var auditDirectory = Path.Combine(_directory, "audit");
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        await using (var trail = new JsonLinesAuditTrail(auditDirectory, store, NullLogger<JsonLinesAuditTrail>.Instance))
        {
            for (var i = 0; i < 500; i++)
            {
                await trail.EnqueueAsync(Record(i, start.AddMilliseconds(i)), CancellationToken.None);
            }
        }

        File.ReadAllLines(Path.Combine(auditDirectory, "audit-20261128.jsonl")).Length.ShouldBe(500);
        var all = await new AuditQuery(store, auditDirectory).FindAsync(new AuditFilter { Limit = 1000 }, CancellationToken.None);
        all.Select(r => r.RequestId).Order().ShouldBe(Enumerable.Range(0, 500).Select(i => $"req-{i}").Order());
    }

    private static AuditRecord Record(int i, DateTimeOffset time) => new()
    {
        EventTime = time,
        RequestId = $"req-{i}",
        Service = "iam",
        EventName = i % 10 == 0 ? "CreateUser" : "GetUser",
        Action = i % 10 == 0 ? "iam:CreateUser" : "iam:GetUser",
        PrincipalArn = i % 2 == 0 ? "arn:aws:iam::123456789012:user/alice" : "arn:aws:iam::123456789012:user/bob",
        Decision = i % 10 == 0 ? "ExplicitDeny" : "Allowed",
        HttpStatus = i % 10 == 0 ? 403 : 200,
    };
}
