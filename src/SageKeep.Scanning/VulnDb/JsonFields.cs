using System.Globalization;
using System.Text.Json;

namespace SageKeep.Scanning.VulnDb;

/// <summary>Typed, checked access to JSON fields: a field of the wrong type is a <see cref="FeedException"/> naming it.</summary>
internal static class JsonFields
{
    public static string? Str(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FeedException($"{where}: field '{name}' must be a string, not {Kind(value)}");
    }

    public static string RequiredStr(JsonElement obj, string name, string where) =>
        Str(obj, name, where) is { Length: > 0 } text ? text : throw new FeedException($"{where}: field '{name}' is missing or empty");

    public static JsonElement? Obj(JsonElement obj, string name, string where) => Typed(obj, name, where, JsonValueKind.Object);

    public static IEnumerable<JsonElement> Arr(JsonElement obj, string name, string where, FeedLimits limits)
    {
        if (Typed(obj, name, where, JsonValueKind.Array) is not { } array)
        {
            return [];
        }

        var count = array.GetArrayLength();
        return count > limits.MaxItemsPerList
            ? throw new FeedException($"{where}: field '{name}' has {count} entries (at most {limits.MaxItemsPerList})")
            : array.EnumerateArray();
    }

    public static IEnumerable<JsonElement> Objects(JsonElement obj, string name, string where, FeedLimits limits)
    {
        foreach (var item in Arr(obj, name, where, limits))
        {
            yield return item.ValueKind == JsonValueKind.Object
                ? item
                : throw new FeedException($"{where}: entries of '{name}' must be objects, not {Kind(item)}");
        }
    }

    public static List<string> Strings(JsonElement obj, string name, string where, FeedLimits limits)
    {
        var list = new List<string>();
        foreach (var item in Arr(obj, name, where, limits))
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new FeedException($"{where}: entries of '{name}' must be strings, not {Kind(item)}"));
        }

        return list;
    }

    public static double? Num(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FeedException($"{where}: field '{name}' must be a number, not {Kind(value)}");
    }

    public static bool? Bool(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FeedException($"{where}: field '{name}' must be true or false, not {Kind(value)}"),
        };
    }

    /// <summary>RFC 3339 time; NVD writes local-less times ("2021-06-16T18:15:08.710"), which are UTC.</summary>
    public static DateTimeOffset? Time(JsonElement obj, string name, string where)
    {
        var text = Str(obj, name, where);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FeedException($"{where}: field '{name}' is not a date-time: '{Shorten(text)}'");
    }

    public static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    private static JsonElement? Typed(JsonElement obj, string name, string where, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind
            ? value
            : throw new FeedException($"{where}: field '{name}' must be {(kind == JsonValueKind.Array ? "an array" : "an object")}, not {Kind(value)}");
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
