using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SageKeep.Server.Objects;

/// <summary>Collects the embedded store's orphans (temp files, unreferenced blobs) once at start.</summary>
internal sealed class OrphanCollector(EmbeddedObjectStore store, ILogger<OrphanCollector> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = await store.CollectOrphansAsync(cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.OrphansCollected(logger, removed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
