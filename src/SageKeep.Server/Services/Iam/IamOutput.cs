using System.Text.Json.Nodes;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam;

/// <summary>
/// IAM's output structures in the model's member names. Policy documents go out URL-encoded, as IAM sends
/// them (the CLI and SDKs decode them).
/// </summary>
internal static class IamOutput
{
    public static string Encode(string document) => Uri.EscapeDataString(document);

    public static JsonObject User(IamUser user, IReadOnlyList<IamTag>? tags = null)
    {
        var result = new JsonObject
        {
            ["Path"] = user.Path,
            ["UserName"] = user.UserName,
            ["UserId"] = user.UserId,
            ["Arn"] = user.Arn,
            ["CreateDate"] = JsonValue.Create(user.CreateDate),
        };
        AddBoundary(result, user.PermissionsBoundaryArn);
        if (tags is { Count: > 0 })
        {
            result["Tags"] = Tags(tags);
        }

        return result;
    }

    public static JsonObject Group(IamGroup group) => new()
    {
        ["Path"] = group.Path,
        ["GroupName"] = group.GroupName,
        ["GroupId"] = group.GroupId,
        ["Arn"] = group.Arn,
        ["CreateDate"] = JsonValue.Create(group.CreateDate),
    };

    public static JsonObject Role(IamRole role, bool withDetails)
    {
        var result = new JsonObject
        {
            ["Path"] = role.Path,
            ["RoleName"] = role.RoleName,
            ["RoleId"] = role.RoleId,
            ["Arn"] = role.Arn,
            ["CreateDate"] = JsonValue.Create(role.CreateDate),
            ["AssumeRolePolicyDocument"] = Encode(role.AssumeRolePolicyDocument),
            ["MaxSessionDuration"] = role.MaxSessionDuration,
        };
        if (role.Description is not null)
        {
            result["Description"] = role.Description;
        }

        if (withDetails)
        {
            AddBoundary(result, role.PermissionsBoundaryArn);
            if (role.Tags.Count > 0)
            {
                result["Tags"] = Tags(role.Tags);
            }

            result["RoleLastUsed"] = new JsonObject();
        }

        return result;
    }

    public static JsonObject Policy(ManagedPolicy policy)
    {
        var result = new JsonObject
        {
            ["PolicyName"] = policy.PolicyName,
            ["PolicyId"] = policy.PolicyId,
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.DefaultVersionId,
            ["AttachmentCount"] = policy.AttachmentCount,
            ["PermissionsBoundaryUsageCount"] = policy.PermissionsBoundaryUsageCount,
            ["IsAttachable"] = true,
            ["CreateDate"] = JsonValue.Create(policy.CreateDate),
            ["UpdateDate"] = JsonValue.Create(policy.UpdateDate),
        };
        if (policy.Description is not null)
        {
            result["Description"] = policy.Description;
        }

        return result;
    }

    public static JsonObject Version(ManagedPolicyVersion version, bool withDocument) =>
        withDocument
            ? new JsonObject
            {
                ["Document"] = Encode(version.Document),
                ["VersionId"] = version.VersionId,
                ["IsDefaultVersion"] = version.IsDefaultVersion,
                ["CreateDate"] = JsonValue.Create(version.CreateDate),
            }
            : new JsonObject
            {
                ["VersionId"] = version.VersionId,
                ["IsDefaultVersion"] = version.IsDefaultVersion,
                ["CreateDate"] = JsonValue.Create(version.CreateDate),
            };

    public static JsonObject KeyMetadata(IamAccessKey key)
    {
        var result = new JsonObject
        {
            ["AccessKeyId"] = key.AccessKeyId,
            ["Status"] = key.Status,
            ["CreateDate"] = JsonValue.Create(key.CreateDate),
        };
        if (key.UserName is not null)
        {
            result["UserName"] = key.UserName;
        }

        return result;
    }

    public static JsonArray Tags(IEnumerable<IamTag> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    private static void AddBoundary(JsonObject result, string? arn)
    {
        if (arn is not null)
        {
            result["PermissionsBoundary"] = new JsonObject { ["PermissionsBoundaryType"] = "Policy", ["PermissionsBoundaryArn"] = arn };
        }
    }
}
