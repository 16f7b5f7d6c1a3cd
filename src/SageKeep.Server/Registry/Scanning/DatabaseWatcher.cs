using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// Re-evaluates stored images when the vulnerability database changes (<c>sagekeep db import</c> while the
/// server runs): every image with a finished scan is queued again, so a newly published CVE fails the gate
/// of an image that passed yesterday. Polls the file's size and write times (a stat) and reads the sources' counts
/// and times only when those moved.
/// </summary>
internal sealed class DatabaseWatcher(IRegistryImageScanner scanner, RegistryStore store, ScanQueue queue, TimeProvider time, ILogger<DatabaseWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = await ObserveAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var current = await ObserveAsync(stoppingToken).ConfigureAwait(false);
            if (current is null || current == seen)
            {
                continue;
            }

            if (seen is null)
            {
                // The first token read: what the database was before, not a change.
                seen = current;
                continue;
            }

            try
            {
                await ReevaluateAsync(current.Token ?? "none", stoppingToken).ConfigureAwait(false);
                seen = current;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Tried again at the next tick: a failed re-evaluation must not end the watcher (its exception would stop the server).
                Log.WatcherFailed(logger, e);
            }
        }
    }

    /// <summary>The database's change token (a null token: no database), or null when it could not be read right now (an import holding a lock).</summary>
    private async Task<Observation?> ObserveAsync(CancellationToken ct)
    {
        try
        {
            return new Observation(await scanner.DatabaseChangeTokenAsync(ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.WatcherFailed(logger, e);
            return null;
        }
    }

    private sealed record Observation(string? Token);

    internal async Task<int> ReevaluateAsync(string token, CancellationToken ct)
    {
        var scans = (await store.ListScansAsync(ct).ConfigureAwait(false)).Where(s => s.Status != ScanStatuses.InProgress).ToList();
        Log.Reevaluating(logger, token, scans.Count);
        foreach (var scan in scans)
        {
            await queue.EnqueueAsync(scan.Repository, scan.Digest, ct).ConfigureAwait(false);
        }

        return scans.Count;
    }
}
