using System.Globalization;

namespace SageKeep.Scanning.VulnDb;

/// <summary>Times are stored as fixed-width UTC ISO 8601 text, so SQL compares them as strings correctly.</summary>
internal static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static object ToDb(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture) : DBNull.Value;

    public static DateTimeOffset? FromDb(object value) => value is string text
        ? DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
        : null;
}
