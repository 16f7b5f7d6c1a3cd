using SageKeep.Server.Registry.Storage;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Registry;

/// <summary>Operator maintenance of the registry, for the CLI (<c>sagekeep admin registry-gc</c>).</summary>
public static class RegistryMaintenance
{
    /// <summary>The default grace period: one hour.</summary>
    public static TimeSpan DefaultGracePeriod => RegistryLimits.GarbageGracePeriod;

    /// <summary>Runs garbage collection on a data directory's registry; the state store must be migrated already.</summary>
    public static async Task<RegistryGcReport> CollectGarbageAsync(IStateStore store, string dataDirectory, TimeSpan gracePeriod, TimeProvider time, CancellationToken ct)
    {
        var blobs = new BlobStore(Path.Combine(dataDirectory, "registry"));

        // The command does not know the running server's idle timeout: it removes only uploads idle longer than the
        // longest one the setting allows, and the server expires the others under its own setting.
        var collector = new RegistryGarbageCollector(new RegistryStore(store, time), blobs, new UploadSessions(blobs, time, RegistryLimits.MaxUploadIdleTimeout), time);
        var result = await collector.CollectAsync(gracePeriod, ct).ConfigureAwait(false);
        return new RegistryGcReport([.. result.Removed.Select(r => new RegistryGcBlob(r.Digest, r.Bytes))], result.BytesFreed, result.LinksRemoved, result.UploadsRemoved, result.BlobsKept);
    }
}
