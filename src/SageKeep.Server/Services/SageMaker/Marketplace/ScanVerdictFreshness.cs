using SageKeep.Scanning.Matching;
using SageKeep.Scanning.VulnDb;
using SageKeep.Server.Configuration;
using SageKeep.Server.Registry.Images;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// Whether an image's scan verdict still holds: it must have been reached against the vulnerability database as it
/// is now and under the scan gate policy as it is now (the policy's description names the ignore file's and VEX
/// documents' digests, so an edit counts). A stale verdict queues a re-scan; the callers (a training job on a
/// marketplace algorithm, a model from a model package) refuse until it has run, so a listed image is never used on
/// "it passed yesterday" after a database update.
/// </summary>
internal sealed class ScanVerdictFreshness(RegistryStore registry, ScanQueue scans, ServerSettings settings, TimeProvider time)
{
    /// <summary>Null when the image's latest scan was judged against the current database and policy; otherwise why not (a re-scan is then queued).</summary>
    public async Task<string?> StaleReasonAsync(ResolvedImage image, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scan = await registry.GetScanAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
        var current = await CurrentSnapshotAsync(ct).ConfigureAwait(false);
        string? stale = null;
        if (current is null)
        {
            stale = "the vulnerability database is missing or empty, so the verdict cannot be confirmed";
        }
        else if (scan?.DatabaseStamp != current)
        {
            stale = $"the vulnerability database changed since its last scan (scanned against {scan?.DatabaseStamp ?? "nothing"}, now {current})";
        }
        else if (ScanGatePolicy.Load(settings) is not { Policy: { } policy })
        {
            stale = "the scan gate policy cannot be loaded, so the verdict cannot be confirmed";
        }
        else if (scan.GatePolicy != policy.Description)
        {
            stale = $"the scan gate changed since its last scan (judged by '{scan.GatePolicy}', now '{policy.Description}')";
        }

        if (stale is not null && current is not null)
        {
            await scans.EnqueueAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
        }

        return stale;
    }

    private async Task<string?> CurrentSnapshotAsync(CancellationToken ct)
    {
        if (!File.Exists(settings.VulnDatabasePath))
        {
            return null;
        }

        var (database, _) = await VulnDatabase.OpenAsync(settings.VulnDatabasePath, time, ct).ConfigureAwait(false);
        if (database is null)
        {
            return null;
        }

        await using (database.ConfigureAwait(false))
        {
            var status = await database.GetStatusAsync(ct).ConfigureAwait(false);
            var (id, updated) = DatabaseSnapshot.Of(status);
            return updated is null ? null : id;
        }
    }
}
