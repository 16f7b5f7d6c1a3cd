using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>Input helpers shared by the inference operations: time stamps, the list filters and paging.</summary>
[SupportedOSPlatform("linux")]
internal static class InferenceInput
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public static string Text(JsonObject document, string member) => InputValues.GetString(document[member]) ?? string.Empty;

    public static DateTimeOffset Time(JsonObject document, string member) => InputValues.TryGetTimestamp(document[member], out var t) ? t : default;

    /// <summary>
    /// The common List* contract: NameContains, CreationTime/LastModifiedTime bounds, StatusEquals, SortBy
    /// Name|CreationTime|Status (default CreationTime), SortOrder (default Descending), NextToken/MaxResults.
    /// Null with <paramref name="error"/> set when the NextToken is not one this server gave.
    /// </summary>
    public static (List<JsonObject> Page, string? NextToken)? Page(IEnumerable<JsonObject> all, JsonObject input, string nameMember, string? statusMember, out string? error)
    {
        error = null;
        if (InputValues.GetString(input["NameContains"]) is { } contains)
        {
            all = all.Where(d => Text(d, nameMember).Contains(contains, StringComparison.OrdinalIgnoreCase));
        }

        if (statusMember is not null && InputValues.GetString(input["StatusEquals"]) is { } status)
        {
            all = all.Where(d => Text(d, statusMember) == status);
        }

        all = Bound(all, input, "CreationTimeAfter", "CreationTime", after: true);
        all = Bound(all, input, "CreationTimeBefore", "CreationTime", after: false);
        all = Bound(all, input, "LastModifiedTimeAfter", "LastModifiedTime", after: true);
        all = Bound(all, input, "LastModifiedTimeBefore", "LastModifiedTime", after: false);
        var ordered = (InputValues.GetString(input["SortBy"]) switch
        {
            "Name" => all.OrderBy(d => Text(d, nameMember), StringComparer.Ordinal),
            "Status" when statusMember is not null => all.OrderBy(d => Text(d, statusMember), StringComparer.Ordinal),
            _ => all.OrderBy(d => Time(d, "CreationTime")),
        }).ToList();
        if (InputValues.GetString(input["SortOrder"]) != "Ascending")
        {
            ordered.Reverse();
        }

        if (!PageTokens.TryRead(input["NextToken"], out var offset))
        {
            error = "The NextToken is not valid.";
            return null;
        }

        var page = ordered.Skip(offset).Take(PageTokens.Size(input["MaxResults"], 10)).ToList();
        return (page, offset + page.Count < ordered.Count ? PageTokens.For(offset + page.Count) : null);
    }

    /// <summary>A copy of the stored document without the platform's own members (names starting with '_').</summary>
    public static JsonObject Public(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        foreach (var key in copy.Select(p => p.Key).Where(k => k.StartsWith('_')).ToList())
        {
            copy.Remove(key);
        }

        return copy;
    }

    private static IEnumerable<JsonObject> Bound(IEnumerable<JsonObject> documents, JsonObject input, string filter, string member, bool after) =>
        InputValues.TryGetTimestamp(input[filter], out var bound)
            ? documents.Where(d => after ? Time(d, member) > bound : Time(d, member) < bound)
            : documents;
}
