using System.Text.Json.Nodes;
using SageKeep.Core.Identity;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>Shared pieces of the marketplace list and describe operations.</summary>
internal static class MarketplaceShapes
{
    /// <summary>SageMaker's UserContext for CreatedBy/LastModifiedBy: the caller's IAM identity.</summary>
    public static JsonObject UserContext(AwsPrincipal principal) => new()
    {
        ["IamIdentity"] = new JsonObject { ["Arn"] = principal.Arn, ["PrincipalId"] = principal.UserId },
    };

    /// <summary>Creation time truncated to milliseconds (what the wire carries), so lists and describes agree.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>
    /// The common list behaviour: NameContains on <paramref name="nameMember"/>, CreationTimeAfter/Before, SortBy
    /// Name|CreationTime (default CreationTime), SortOrder (default Ascending, as botocore's model documents for the
    /// three marketplace lists), MaxResults and NextToken.
    /// </summary>
    public static OperationResult Page(OperationContext context, IEnumerable<JsonObject> all, string nameMember, string listMember, Func<JsonObject, JsonObject> summary)
    {
        var input = context.Input;
        if (InputValues.GetString(input["NameContains"]) is { } contains)
        {
            all = all.Where(a => (InputValues.GetString(a[nameMember]) ?? string.Empty).Contains(contains, StringComparison.OrdinalIgnoreCase));
        }

        if (InputValues.TryGetTimestamp(input["CreationTimeAfter"], out var after))
        {
            all = all.Where(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) && t > after);
        }

        if (InputValues.TryGetTimestamp(input["CreationTimeBefore"], out var before))
        {
            all = all.Where(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) && t < before);
        }

        var byName = InputValues.GetString(input["SortBy"]) == "Name";
        var ordered = (byName
            ? all.OrderBy(a => InputValues.GetString(a[nameMember]), StringComparer.Ordinal).ThenBy(a => a["ModelPackageVersion"]?.GetValue<int>() ?? 0)
            : all.OrderBy(a => InputValues.TryGetTimestamp(a["CreationTime"], out var t) ? t : default)).ToList();
        if (InputValues.GetString(input["SortOrder"]) == "Descending")
        {
            ordered.Reverse();
        }

        if (!PageTokens.TryRead(input["NextToken"], out var offset))
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "The NextToken is not valid."));
        }

        var size = PageTokens.Size(input["MaxResults"], 10);
        var page = ordered.Skip(offset).Take(size).ToList();
        var output = new JsonObject { [listMember] = new JsonArray([.. page.Select(a => (JsonNode)summary(a))]) };
        if (offset + page.Count < ordered.Count)
        {
            output["NextToken"] = PageTokens.For(offset + page.Count);
        }

        return OperationResult.Ok(output);
    }

    /// <summary>A copy of <paramref name="source"/> with only the named members that are present.</summary>
    public static JsonObject Pick(JsonObject source, params string[] members)
    {
        var result = new JsonObject();
        foreach (var member in members)
        {
            if (source[member] is { } value)
            {
                result[member] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>The document without the members only the server reads (pinned images, policy notes, counters).</summary>
    public static JsonObject Public(JsonObject document)
    {
        foreach (var member in document.Select(p => p.Key).Where(k => k.StartsWith("SageKeep", StringComparison.Ordinal)).ToList())
        {
            document.Remove(member);
        }

        return document;
    }
}
