using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Converts handler output values to wire text. Handlers put timestamps as <see cref="DateTimeOffset"/>
/// (or epoch seconds / ISO text) and blobs as <c>byte[]</c> (or base64 text); writers render them per protocol.
/// </summary>
internal static class OutputValues
{
    public static bool TryGetEpochSeconds(JsonNode? node, out double seconds)
    {
        seconds = 0;
        if (!InputValues.TryGetTimestamp(node, out var time))
        {
            return false;
        }

        seconds = (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
        return true;
    }

    /// <summary>ISO 8601 in UTC, milliseconds only when present (<c>2011-07-15T23:28:33.359Z</c> as STS writes).</summary>
    public static string? Iso8601(JsonNode? node)
    {
        if (!InputValues.TryGetTimestamp(node, out var time))
        {
            return null;
        }

        var utc = time.ToUniversalTime();
        return utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    public static string? Base64(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out byte[]? bytes) ? Convert.ToBase64String(bytes) : InputValues.GetString(node);

    /// <summary>Scalar text for XML: numbers invariant, booleans lower-case.</summary>
    public static string Text(JsonNode node) =>
        InputValues.GetString(node) ?? node.ToJsonString().Trim('"');
}
