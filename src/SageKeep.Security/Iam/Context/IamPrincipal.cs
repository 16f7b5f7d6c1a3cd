namespace SageKeep.Security.Iam.Context;

/// <summary>The caller of a request as the policy engine sees it.</summary>
/// <remarks>Arn: User/root ARN, the session ARN (<c>arn:aws:sts::acct:assumed-role/Role/session</c>), or a service name.</remarks>
/// <remarks>RoleArn: For assumed-role sessions, the role's ARN (matched by resource policies naming the role).</remarks>
/// <remarks>UserId: The unique id (AIDA…, or AROA…:session for sessions), for <c>aws:userid</c>.</remarks>
/// <remarks>UserName: For IAM users, for <c>aws:username</c>.</remarks>
public sealed record IamPrincipal(
    PrincipalKind Kind,
    string Arn,
    string AccountId,
    string? UserId = null,
    string? UserName = null,
    string? RoleArn = null)
{
    /// <summary>Principal tags (user or role tags, or session tags), for <c>aws:PrincipalTag/key</c>.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The value IAM reports as <c>aws:PrincipalType</c>.</summary>
    public string TypeName => Kind switch
    {
        PrincipalKind.Root => "Account",
        PrincipalKind.User => "User",
        PrincipalKind.AssumedRole => "AssumedRole",
        PrincipalKind.FederatedUser => "FederatedUser",
        PrincipalKind.Anonymous => "Anonymous",
        PrincipalKind.Service => "Service",
        _ => "WebIdentity",
    };
}
