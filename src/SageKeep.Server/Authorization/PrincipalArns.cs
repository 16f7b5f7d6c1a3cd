namespace SageKeep.Server.Authorization;

/// <summary>Reading the kind of caller from its ARN (<c>arn:aws:iam::acct:root</c>, <c>:user/</c>, <c>arn:aws:sts::acct:assumed-role/</c>).</summary>
internal static class PrincipalArns
{
    public static bool IsRoot(string arn) =>
        arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && arn.EndsWith(":root", StringComparison.Ordinal);

    public static bool IsUser(string arn) =>
        arn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && arn.Contains(":user/", StringComparison.Ordinal);

    public static bool IsAssumedRole(string arn) =>
        arn.StartsWith("arn:aws:sts::", StringComparison.Ordinal) && arn.Contains(":assumed-role/", StringComparison.Ordinal);
}
