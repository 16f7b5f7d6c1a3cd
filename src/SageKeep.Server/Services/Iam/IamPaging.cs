using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Iam;

/// <summary>
/// IAM pagination (IAM API Reference, "Using pagination"): MaxItems (default 100), an opaque Marker to
/// continue from, and IsTruncated. The marker encodes the position of the next item.
/// </summary>
internal static class IamPaging
{
    private const int DefaultMaxItems = 100;
    private const string Prefix = "sagekeep-iam-page:";

    /// <summary>Adds one page of <paramref name="items"/> to <paramref name="output"/> under <paramref name="member"/>; false for a marker this server did not issue.</summary>
    public static bool TryPage<T>(OperationContext context, IReadOnlyList<T> items, Func<T, JsonNode> render, JsonObject output, string member)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(output);
        var start = 0;
        if (InputValues.GetString(context.Input["Marker"]) is { } marker && !TryReadMarker(marker, out start))
        {
            return false;
        }

        var max = InputValues.TryGetInt64(context.Input["MaxItems"], out var requested) ? (int)requested : DefaultMaxItems;
        var end = Math.Min(items.Count, start + max);
        var page = new JsonArray();
        for (var i = start; i < end; i++)
        {
            page.Add(render(items[i]));
        }

        output[member] = page;
        output["IsTruncated"] = end < items.Count;
        if (end < items.Count)
        {
            output["Marker"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + end.ToString(CultureInfo.InvariantCulture)));
        }

        return true;
    }

    private static bool TryReadMarker(string marker, out int start)
    {
        start = 0;
        var bytes = new byte[marker.Length];
        if (!Convert.TryFromBase64String(marker, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out start);
    }
}
