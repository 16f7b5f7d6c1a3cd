using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Ec2;

/// <summary>
/// EC2 <c>Filter.N.Name</c>/<c>Filter.N.Value.M</c>: a resource matches when, for every filter, one of its values
/// for that name matches one of the filter's values (<c>*</c> and <c>?</c> as wildcards). <c>tag:Key</c>,
/// <c>tag-key</c> and <c>tag-value</c> work for every resource; other names come from the resource's field map.
/// </summary>
internal static class Ec2Filters
{
    public static AwsError? Apply(JsonNode? filters, List<JsonObject> documents, Func<JsonObject, string, IEnumerable<string?>?> field, string tagMember = "Tags")
    {
        if (filters is not JsonArray list)
        {
            return null;
        }

        foreach (var filter in list.OfType<JsonObject>())
        {
            var name = InputValues.GetString(filter["Name"]) ?? string.Empty;
            var patterns = (filter["Values"] as JsonArray ?? []).Select(InputValues.GetString).OfType<string>().Select(Pattern).ToList();
            var probe = documents.Count > 0 ? documents[0] : [];
            if (!name.StartsWith("tag", StringComparison.Ordinal) && field(probe, name) is null)
            {
                return Ec2Errors.Invalid($"The filter '{name}' is invalid");
            }

            documents.RemoveAll(d => !Values(d, name, field, tagMember).Any(v => v is not null && patterns.Any(p => p.IsMatch(v))));
        }

        return null;
    }

    private static IEnumerable<string?> Values(JsonObject document, string name, Func<JsonObject, string, IEnumerable<string?>?> field, string tagMember)
    {
        var tags = (document[tagMember] as JsonArray ?? []).OfType<JsonObject>()
            .Select(t => (Key: InputValues.GetString(t["Key"]), Value: InputValues.GetString(t["Value"])));
        return name switch
        {
            "tag-key" => tags.Select(t => t.Key),
            "tag-value" => tags.Select(t => t.Value),
            _ when name.StartsWith("tag:", StringComparison.Ordinal) => tags.Where(t => t.Key == name[4..]).Select(t => t.Value),
            _ => field(document, name) ?? [],
        };
    }

    private static Regex Pattern(string value) =>
        new("^" + Regex.Escape(value).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
}
