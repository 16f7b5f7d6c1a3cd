using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>
/// SageMaker's tag rules beyond what the service model checks (key 1..128 and value 0..256 characters of the
/// allowed set, at most 50 in one request): the <c>aws:</c> prefix is reserved and a resource carries at most
/// <see cref="MaxTagsPerResource"/> tags.
/// </summary>
internal static class TagRules
{
    public const int MaxTagsPerResource = 50;

    /// <summary>The request's Tags ([{Key, Value}]) as a map (the last value of a repeated key wins), or null without Tags.</summary>
    public static Dictionary<string, string>? Read(JsonObject input) =>
        input["Tags"] is JsonArray tags
            ? tags.OfType<JsonObject>()
                .GroupBy(t => InputValues.GetString(t["Key"]) ?? string.Empty, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => InputValues.GetString(g.Last()["Value"]) ?? string.Empty, StringComparer.Ordinal)
            : null;

    /// <summary>Null when the keys may be set (or deleted) by a caller; otherwise SageMaker's ValidationException.</summary>
    public static AwsError? CheckKeys(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return AwsError.Sender("ValidationException", $"Tag key '{key}' is not allowed: keys beginning with 'aws:' are reserved for system use.");
            }
        }

        return null;
    }

    /// <summary>The checks a Create* call applies to its Tags before anything is stored.</summary>
    public static AwsError? CheckCreate(IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? null
        : tags.Count > MaxTagsPerResource ? TooMany()
        : CheckKeys(tags.Keys);

    public static AwsError TooMany() =>
        AwsError.Sender("ValidationException", $"A resource can have at most {MaxTagsPerResource} tags; this request would exceed that limit.");

    /// <summary>SageMaker's answer for a tag operation on an ARN that names nothing (ValidationException, 400).</summary>
    public static AwsError NotFound(string arn) => AwsError.Sender("ValidationException", $"Resource {arn} does not exist.");
}
