using SageKeep.Security.Iam.Caching;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The caller as the policy engine sees it (kind, ARN, tags) and its compiled policies. Session policies
/// are those passed when temporary credentials were issued (null when none were passed).
/// </summary>
internal sealed record PrincipalPolicies(
    IamPrincipal Principal,
    CompiledPolicySet Policies,
    IReadOnlyList<CompiledPolicy>? SessionPolicies = null);
