using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Evaluation;

/// <summary>
/// The trust-policy half of sts:AssumeRole (IAM User Guide, "Granting a user permissions to switch
/// roles"): the role's trust policy must allow the caller, by its own ARN, its session's role ARN, its
/// account or everyone, with the statement's conditions met, and no statement naming the caller may deny.
/// Whether the caller's identity policies must also allow is the ordinary evaluation's business (with the
/// trust policy as the resource policy): a trust policy naming only the account delegates to them.
/// </summary>
public static class TrustPolicyEvaluator
{
    public static PolicyDecision Evaluate(CompiledPolicy trustPolicy, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(trustPolicy);
        ArgumentNullException.ThrowIfNull(context);
        var missing = new List<string>();
        MatchedStatement? allow = null;
        var statements = trustPolicy.Statements;
        for (var s = 0; s < statements.Count; s++)
        {
            var statement = statements[s];
            var how = statement.Principal?.Match(context.Principal) ?? PrincipalMatch.None;
            if (how == PrincipalMatch.None || !PolicyEvaluator.Applies(statement, context, missing))
            {
                continue;
            }

            var matched = PolicyEvaluator.Describe(trustPolicy, PolicySource.Resource, statement);
            if (statement.Effect == PolicyEffect.Deny)
            {
                return new PolicyDecision(Decision.ExplicitDeny, matched, null, missing);
            }

            allow ??= matched;
        }

        return allow is null
            ? new PolicyDecision(Decision.ImplicitDeny, null, PolicySource.Resource, missing)
            : new PolicyDecision(Decision.Allowed, allow, null, missing);
    }
}
