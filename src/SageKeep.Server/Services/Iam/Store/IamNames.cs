using System.Security.Cryptography;

namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// How IAM forms ARNs and unique ids (IAM User Guide, "IAM identifiers"): <c>arn:aws:iam::ACCT:user/PATH/NAME</c>
/// with the path between type and name, and unique ids of a four-letter prefix (AIDA users, AGPA groups,
/// AROA roles, ANPA managed policies) plus 17 characters of upper-case base32 (21 in all, as IAM shows them).
/// </summary>
internal static class IamNames
{
    public const string AwsPolicyArnPrefix = "arn:aws:iam::aws:policy/";

    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string NewUserId() => NewId("AIDA");

    public static string NewGroupId() => NewId("AGPA");

    public static string NewRoleId() => NewId("AROA");

    public static string NewPolicyId() => NewId("ANPA");

    public static string Arn(string accountId, string type, string path, string name) => $"arn:aws:iam::{accountId}:{type}{path}{name}";

    public static string UserArn(string accountId, string path, string name) => Arn(accountId, "user", path, name);

    public static string GroupArn(string accountId, string path, string name) => Arn(accountId, "group", path, name);

    public static string RoleArn(string accountId, string path, string name) => Arn(accountId, "role", path, name);

    public static string PolicyArn(string accountId, string path, string name) => Arn(accountId, "policy", path, name);

    /// <summary>The name at the end of an IAM ARN (<c>arn:aws:iam::acct:user/a/b/NAME</c> -> NAME), or null when it is not one of <paramref name="type"/>.</summary>
    public static string? NameFromArn(string arn, string accountId, string type)
    {
        var prefix = $"arn:aws:iam::{accountId}:{type}/";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = arn.LastIndexOf('/');
        var name = arn[(slash + 1)..];
        return name.Length == 0 ? null : name;
    }

    /// <summary>Names are unique ignoring case (IAM User Guide, "IAM object quotas and names").</summary>
    public static string Key(string name) => name.ToUpperInvariant();

    private static string NewId(string prefix) => prefix + RandomNumberGenerator.GetString(Base32, 17);
}
