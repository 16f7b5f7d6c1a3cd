namespace SageKeep.Core.Identity;

/// <summary>
/// The caller a request was authenticated as (what <c>sts:GetCallerIdentity</c> reports, plus the key
/// used): <paramref name="AccountId"/> is the 12-digit account, <paramref name="Arn"/> the user or
/// assumed-role ARN, <paramref name="UserId"/> the unique id (<c>AIDA...</c> or <c>AROA...:session</c>),
/// <paramref name="AccessKeyId"/> the key that signed the request, <paramref name="IsTemporary"/> true
/// for STS session credentials.
/// </summary>
public sealed record AwsPrincipal(string AccountId, string Arn, string UserId, string AccessKeyId, bool IsTemporary)
{
    /// <summary>When the session was issued (temporary credentials only): <c>aws:TokenIssueTime</c>.</summary>
    public DateTimeOffset? SessionIssuedAt { get; init; }

    /// <summary>Whether the session was created with MFA (temporary credentials only): <c>aws:MultiFactorAuthPresent</c>.</summary>
    public bool MultiFactorAuthPresent { get; init; }

    /// <summary>For assumed-role sessions: the role, session name, session policies and tags.</summary>
    public RoleSession? Role { get; init; }
}
