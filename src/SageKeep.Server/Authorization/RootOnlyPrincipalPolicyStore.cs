using SageKeep.Core.Identity;
using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The policy store used until IAM identities are registered: the account's root user (which AWS never
/// restricts by identity policy) is known; any other principal has no policies and is implicitly denied.
/// </summary>
internal sealed class RootOnlyPrincipalPolicyStore : IPrincipalPolicyStore
{
    private static readonly CompiledPolicySet NoPolicies = new(0, [], null, null);

    public ValueTask<PrincipalPolicies?> GetAsync(AwsPrincipal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        PrincipalPolicies? result = PrincipalArns.IsRoot(principal.Arn)
            ? new PrincipalPolicies(new IamPrincipal(PrincipalKind.Root, principal.Arn, principal.AccountId, principal.AccountId), NoPolicies)
            : null;
        return ValueTask.FromResult(result);
    }
}
