using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Evaluation;

/// <summary>
/// Why a decision came out as it did, for the policy simulator: every statement of a policy that applies to
/// the request with a given effect (where <see cref="PolicyEvaluator"/> stops at the first that decides).
/// Not used to authorise: it only explains a decision the evaluator made.
/// </summary>
public static class PolicyExplainer
{
    /// <summary>
    /// The statements of <paramref name="policy"/> with <paramref name="effect"/> whose action, resource and
    /// conditions all apply; for a resource-based policy also its Principal must name the caller.
    /// </summary>
    /// <remarks>missingKeys: Receives condition keys the request lacked while testing these statements.</remarks>
    public static IReadOnlyList<MatchedStatement> Matching(
        CompiledPolicy policy,
        PolicySource source,
        RequestContext context,
        PolicyEffect effect,
        List<string>? missingKeys = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        var missing = missingKeys ?? [];
        var matched = new List<MatchedStatement>();
        foreach (var statement in policy.Statements)
        {
            if (statement.Effect != effect)
            {
                continue;
            }

            if (source == PolicySource.Resource && (statement.Principal?.Match(context.Principal) ?? PrincipalMatch.None) == PrincipalMatch.None)
            {
                continue;
            }

            if (PolicyEvaluator.Applies(statement, context, missing))
            {
                matched.Add(PolicyEvaluator.Describe(policy, source, statement));
            }
        }

        return matched;
    }

    /// <summary>
    /// Whether a permissions boundary on its own allows the request: some Allow statement applies and no
    /// Deny statement does (IAM's AllowedByPermissionsBoundary).
    /// </summary>
    public static bool BoundaryAllows(CompiledPolicy boundary, RequestContext context) =>
        Matching(boundary, PolicySource.PermissionsBoundary, context, PolicyEffect.Deny).Count == 0
        && Matching(boundary, PolicySource.PermissionsBoundary, context, PolicyEffect.Allow).Count > 0;
}
