using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Ec2;

/// <summary>Tags from <c>TagSpecifications</c> for the resource type being created.</summary>
internal static class Ec2Tags
{
    public static (JsonArray Tags, AwsError? Error) From(JsonObject input, string resourceType)
    {
        var tags = new JsonArray();
        foreach (var spec in (input["TagSpecifications"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var type = InputValues.GetString(spec["ResourceType"]);
            if (type != resourceType)
            {
                return (tags, Ec2Errors.Invalid($"'{type}' is not a valid taggable resource type for this operation."));
            }

            foreach (var tag in (spec["Tags"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var key = InputValues.GetString(tag["Key"]) ?? string.Empty;
                if (key.Length is 0 or > 127 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                {
                    return (tags, Ec2Errors.Invalid($"Tag key '{key}' is invalid: 1 to 127 characters, not starting with 'aws:'."));
                }

                tags.Add(new JsonObject { ["Key"] = key, ["Value"] = InputValues.GetString(tag["Value"]) ?? string.Empty });
            }
        }

        return (tags, null);
    }
}
