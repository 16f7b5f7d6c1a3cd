using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Names the database contents a scan used: "&lt;newest data time&gt;-&lt;record count&gt;-&lt;hash&gt;", the hash over every
/// source's counts, newest modified time and last import, so any import that changes the data changes the id.
/// </summary>
public static class DatabaseSnapshot
{
    /// <summary>The id and the time of the newest data: per source the newest record modified time, or its last import when records carry none (distribution trackers).</summary>
    public static (string Id, DateTimeOffset? UpdatedAt) Of(IReadOnlyList<SourceStatus> sources)
    {
        var text = new StringBuilder();
        DateTimeOffset? newest = null;
        var total = 0L;
        foreach (var source in sources.OrderBy(s => s.Source, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{source.Source}|{source.Records}|{source.Withdrawn}|{source.NewestModified?.UtcTicks}|{source.LastImport?.UtcTicks}\n");
            total += source.Records;
            var updated = source.NewestModified ?? source.LastImport;
            if (source.Records > 0 && updated is { } u && (newest is null || u > newest))
            {
                newest = u;
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
        var stamp = newest?.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) ?? "empty";
        return (string.Create(CultureInfo.InvariantCulture, $"{stamp}-{total}-{hash}"), newest);
    }
}
