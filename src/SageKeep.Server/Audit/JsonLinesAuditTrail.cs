using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Audit;

/// <summary>
/// The audit trail: append-only JSON lines, one file per UTC day (<c>audit/audit-YYYYMMDD.jsonl</c>, mode
/// 0600), fsynced before a record counts as written, plus an index row per record in the state store for
/// queries. Records are written by one background loop in batches (group commit): many concurrent
/// requests share one fsync and one index transaction, and each waits until its batch is durable.
/// </summary>
internal sealed partial class JsonLinesAuditTrail : IAuditTrail, IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly string _directory;
    private readonly IStateStore _store;
    private readonly ILogger<JsonLinesAuditTrail> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly Task _writer;

    public JsonLinesAuditTrail(string directory, IStateStore store, ILogger<JsonLinesAuditTrail> logger)
    {
        _directory = directory;
        _store = store;
        _logger = logger;
        PrivateFiles.EnsureDirectory(directory);

        _writer = Task.Run(WriteLoopAsync);
    }

    public static string FileNameFor(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"audit-{time.UtcDateTime:yyyyMMdd}.jsonl");

    public async ValueTask RecordAsync(AuditRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new Pending(record, AuditJson.ToLine(record), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct).ConfigureAwait(false);

        // Wait for durability, but a client that went away does not stop its record being written.
        await pending.Written.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask RecordAllAsync(IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        var written = new List<Task>(records.Count);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            var pending = new Pending(record, AuditJson.ToLine(record), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await _queue.Writer.WriteAsync(pending, ct).ConfigureAwait(false);
            written.Add(pending.Written.Task);
        }

        // Queued back to back, they share the group commits (the single writer keeps their order).
        await Task.WhenAll(written).WaitAsync(ct).ConfigureAwait(false);
    }

    public ValueTask EnqueueAsync(AuditRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);

        // Nobody waits for Written; a failed batch is logged by the writer with the number of records lost.
        return _queue.Writer.WriteAsync(new Pending(record, AuditJson.ToLine(record), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)), ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.Written.TrySetResult();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                Log.WriteFailed(_logger, batch.Count, e);
                foreach (var pending in batch)
                {
                    pending.Written.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    private sealed record Pending(AuditRecord Record, byte[] Line, TaskCompletionSource Written);
}
