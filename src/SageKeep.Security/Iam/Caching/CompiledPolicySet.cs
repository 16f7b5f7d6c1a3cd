using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Caching;

/// <summary>
/// A principal's compiled policies at one policy-set version. If a stored document no longer parses the
/// set carries the error and no policies, so evaluation falls to an implicit deny (fail closed).
/// </summary>
public sealed record CompiledPolicySet(
    long Version,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary,
    MalformedPolicyDocument? Error)
{
    /// <summary>The evaluation input for one request of this principal.</summary>
    public EvaluationRequest ToRequest(
        RequestContext context,
        IReadOnlyList<CompiledPolicy>? sessionPolicies = null,
        CompiledPolicy? resourcePolicy = null) =>
        new(context, IdentityPolicies, PermissionsBoundary, sessionPolicies, resourcePolicy);
}
