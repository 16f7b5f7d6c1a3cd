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
        var seen = await scanner.DatabaseChangeTokenAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var current = await scanner.DatabaseChangeTokenAsync(stoppingToken).ConfigureAwait(false);
            if (current == seen)
            {
                continue;
            }

            seen = current;
            await ReevaluateAsync(current ?? "none", stoppingToken).ConfigureAwait(false);
        }
    }

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
