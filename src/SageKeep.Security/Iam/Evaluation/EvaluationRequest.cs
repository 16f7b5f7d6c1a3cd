using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Evaluation;

/// <summary>
/// Everything one same-account evaluation needs: the request and the caller's compiled policies.
/// </summary>
/// <remarks>IdentityPolicies: The user's inline and attached policies plus its groups', or the role's.</remarks>
/// <remarks>PermissionsBoundary: The user's or role's boundary, when one is set.</remarks>
/// <remarks>SessionPolicies: Policies passed when the session was created; null when none were passed (an empty list then denies everything).</remarks>
/// <remarks>ResourcePolicy: A resource-based or trust policy on the target, when it has one.</remarks>
public sealed record EvaluationRequest(
    RequestContext Context,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary = null,
    IReadOnlyList<CompiledPolicy>? SessionPolicies = null,
    CompiledPolicy? ResourcePolicy = null);
