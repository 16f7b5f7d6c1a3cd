using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Protocols;

/// <summary>
/// The page tokens every list operation hands out: the offset of the next item as opaque base64 text. A token this
/// server did not give is refused with the service's validation error.
/// </summary>
internal static class PageTokens
{
    private const string Prefix = "o:";

    /// <summary>The offset in <paramref name="node"/> (0 when absent); false when it is not a token of ours.</summary>
    public static bool TryRead(JsonNode? node, out int offset) => TryRead(InputValues.GetString(node), out offset);

    /// <inheritdoc cref="TryRead(JsonNode?, out int)"/>
    public static bool TryRead(string? token, out int offset)
    {
        offset = 0;
        if (token is null)
        {
            return true;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string For(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The page size asked for in <paramref name="node"/>, at most 1000, or <paramref name="fallback"/>.</summary>
    public static int Size(JsonNode? node, int fallback) => InputValues.TryGetInt64(node, out var n) && n > 0 ? (int)Math.Min(n, 1000) : fallback;
}
