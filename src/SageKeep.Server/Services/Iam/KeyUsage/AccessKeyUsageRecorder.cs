using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.KeyUsage;

/// <summary>
/// Records when each long-term access key was last used (GetAccessKeyLastUsed) off the request path: at
/// most one write per key per minute, in the background; a failed write is logged and the request is
/// unaffected. IAM itself reports last use with a delay of hours, so a minute's granularity is faithful.
/// </summary>
internal sealed class AccessKeyUsageRecorder(IamStore store, AwsAccount account, TimeProvider time, ILogger<AccessKeyUsageRecorder> logger)
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    /// <summary>Notes a use; returns the background write when one was started (null when throttled), for tests.</summary>
    public Task? Record(string accessKeyId, string service)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(accessKeyId, out var last) && now - last < Interval)
        {
            return null;
        }

        if (_lastWritten.Count >= Capacity)
        {
            _lastWritten.Clear();
        }

        _lastWritten[accessKeyId] = now;
        return Task.Run(async () =>
        {
            try
            {
                await store.RecordAccessKeyUseAsync(accessKeyId, service, account.Region, now, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Bookkeeping must never fail a request or crash the process; the failure is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.AccessKeyUseNotRecorded(logger, accessKeyId, e);
            }
        });
    }
}
