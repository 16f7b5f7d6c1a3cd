using System.Text.Json;

namespace SageKeep.Benchmarks.Protocols;

/// <summary>Touches the parsed document so the baseline cannot be optimised away.</summary>
internal static class JsonElementCounting
{
    public static int CountChildren(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : element.EnumerateObject().Count();
}
