using System.Globalization;

namespace SageKeep.Server.Audit;

/// <summary>Event times as ISO 8601 UTC with milliseconds: sortable as text in the index.</summary>
internal static class AuditTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
