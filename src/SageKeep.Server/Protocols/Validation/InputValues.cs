using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SageKeep.Server.Protocols.Validation;

/// <summary>
/// Reads scalar values from an input tree whatever reader produced it (JSON text, or typed values
/// built from query parameters). Timestamps arrive as epoch seconds (JSON) or ISO 8601 (query).
/// </summary>
public static class InputValues
{
    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out value))
        {
            return true;
        }

        if (v.TryGetValue(out int small))
        {
            value = small;
            return true;
        }

        return false;
    }

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out value))
        {
            return true;
        }

        if (TryGetInt64(node, out var whole))
        {
            value = whole;
            return true;
        }

        return false;
    }

    public static string? GetString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.TryGetValue(out string? s) ? s : null;

    /// <summary>Epoch seconds (integer or fractional) or an ISO 8601 / RFC 3339 string.</summary>
    public static bool TryGetTimestamp(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue v)
        {
            return false;
        }

        if (v.TryGetValue(out DateTimeOffset direct))
        {
            value = direct;
            return true;
        }

        if (v.GetValueKind() == JsonValueKind.Number && TryGetDouble(node, out var seconds)
            && seconds is >= -62135596800d and <= 253402300799d)
        {
            value = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        return GetString(node) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>A blob: raw bytes (rest payloads) or base64 text (JSON and query bodies).</summary>
    public static bool TryGetBlobLength(JsonNode? node, out int length)
    {
        length = 0;
        if (node is JsonValue v && v.TryGetValue(out byte[]? bytes))
        {
            length = bytes.Length;
            return true;
        }

        if (GetString(node) is not { } text || !Base64.IsValid(text, out length))
        {
            return false;
        }

        return true;
    }
}
