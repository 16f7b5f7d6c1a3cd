using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// Takes images off the <see cref="ScanQueue"/> one at a time (the matcher's database connection is not
/// shared between threads, and two cores are plenty busy with one scan), exports each to a private layout,
/// scans it and records COMPLETE or FAILED. A failure of one scan never stops the worker.
/// </summary>
internal sealed class ScanWorker(
    ScanQueue queue,
    ImageExporter exporter,
    IRegistryImageScanner scanner,
    RegistryStore store,
    IEnumerable<IScanCompletedListener> listeners,
    TimeProvider time,
    ILogger<ScanWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The queue lives in memory: scans a stopped (or killed) server left IN_PROGRESS are queued again, or they
        // would show IN_PROGRESS forever (the database watcher skips them). Written while this loop reads, so a long
        // list cannot fill the bounded queue with nobody taking from it.
        var resumed = ResumeUnfinishedAsync(stoppingToken);
        await foreach (var (repository, digest) in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await ScanOneAsync(repository, digest, stoppingToken).ConfigureAwait(false);
        }

        await resumed.ConfigureAwait(false);
    }

    private async Task ResumeUnfinishedAsync(CancellationToken ct)
    {
        try
        {
            foreach (var scan in (await store.ListScansAsync(ct).ConfigureAwait(false)).Where(s => s.Status == ScanStatuses.InProgress))
            {
                await queue.ResumeAsync(scan.Repository, scan.Digest, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.ResumeFailed(logger, e);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    internal async Task ScanOneAsync(string repository, string digest, CancellationToken ct)
    {
        var requested = (await store.GetScanAsync(repository, digest, ct).ConfigureAwait(false))?.RequestedAt ?? time.GetUtcNow();
        string? layout = null;
        ImageScanOutcome outcome;
        try
        {
            layout = await exporter.ExportAsync(repository, digest, ct).ConfigureAwait(false);
            outcome = layout is null
                ? ImageScanOutcome.Failed("The image or one of its layers is no longer in the registry.")
                : await scanner.ScanAsync(layout, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Log.ScanCrashed(logger, repository, digest, e);
            outcome = ImageScanOutcome.Failed("The scan failed with an internal error.");
        }
        finally
        {
            if (layout is not null && Directory.Exists(layout))
            {
                Directory.Delete(layout, recursive: true);
            }
        }

        var record = new ScanRecord(
            repository,
            digest,
            outcome.Succeeded ? ScanStatuses.Complete : ScanStatuses.Failed,
            outcome.Description,
            requested,
            time.GetUtcNow(),
            outcome.DatabaseStamp,
            outcome.GatePolicy,
            outcome.GatePassed,
            outcome.GateReason,
            outcome.Document?.ToJson());
        await store.SaveScanAsync(record, ct).ConfigureAwait(false);
        Log.ScanEnded(logger, repository, digest, record.Status, record.Description);
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnScanCompletedAsync(record, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ScanCrashed(logger, repository, digest, e);
            }
        }
    }
}
