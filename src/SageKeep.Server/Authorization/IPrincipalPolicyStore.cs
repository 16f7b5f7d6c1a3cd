using SageKeep.Core.Identity;

namespace SageKeep.Server.Authorization;

/// <summary>
/// Finds an authenticated caller's policies: the root user, an IAM user (own and groups' policies, boundary,
/// tags) or a role session (the role's policies, boundary, tags, plus the session's policies). Null when the
/// principal no longer exists (a deleted user or role): every action is then implicitly denied.
/// </summary>
internal interface IPrincipalPolicyStore
{
    ValueTask<PrincipalPolicies?> GetAsync(AwsPrincipal principal, CancellationToken ct);
}
