using System.Threading.Channels;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// Images waiting to be scanned. Enqueueing writes the IN_PROGRESS status at once (so DescribeImages shows
/// it), then the background <c>ScanWorker</c> takes the image. Bounded: a burst of pushes waits.
/// </summary>
internal sealed class ScanQueue(RegistryStore store, TimeProvider time)
{
    private readonly Channel<(string Repository, string Digest)> _channel =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<(string Repository, string Digest)> Reader => _channel.Reader;

    public async Task EnqueueAsync(string repository, string digest, CancellationToken ct)
    {
        var previous = await store.GetScanAsync(repository, digest, ct).ConfigureAwait(false);
        await store.SaveScanAsync(
            new ScanRecord(repository, digest, ScanStatuses.InProgress, "The scan is in progress.", time.GetUtcNow(), null, previous?.DatabaseStamp, previous?.GatePolicy, previous?.GatePassed, previous?.GateReason, previous?.FindingsJson),
            ct).ConfigureAwait(false);
        await _channel.Writer.WriteAsync((repository, digest), ct).ConfigureAwait(false);
    }

    /// <summary>Queues an image whose IN_PROGRESS status is already stored (a scan the previous server process did not finish).</summary>
    public ValueTask ResumeAsync(string repository, string digest, CancellationToken ct) => _channel.Writer.WriteAsync((repository, digest), ct);
}
