using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Evaluation;

/// <summary>
/// Same-account policy evaluation as the IAM User Guide's "Policy evaluation logic" describes it:
/// an explicit Deny in any applicable policy wins; otherwise an Allow is needed, from the identity-based
/// policies or from a resource-based policy naming the caller, and, when present, also from the
/// permissions boundary and the session policies; anything else is an implicit deny.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.Context;
        var principal = context.Principal;
        var missing = new List<string>();

        // Step 1: the resource-based policy, only its statements whose Principal names the caller.
        // Remember the strongest way an Allow named the caller (Direct > RoleArn > Account).
        MatchedStatement? resourceAllow = null;
        var resourceHow = PrincipalMatch.None;
        if (request.ResourcePolicy is { } resourcePolicy)
        {
            var statements = resourcePolicy.Statements;
            for (var s = 0; s < statements.Count; s++)
            {
                var statement = statements[s];
                var how = statement.Principal?.Match(principal) ?? PrincipalMatch.None;
                if (how == PrincipalMatch.None || !Applies(statement, context, missing))
                {
                    continue;
                }

                var matched = Describe(resourcePolicy, PolicySource.Resource, statement);
                if (statement.Effect == PolicyEffect.Deny)
                {
                    return Decide(Decision.ExplicitDeny, matched, null, missing);
                }

                if (resourceAllow is null || Strength(how) > Strength(resourceHow))
                {
                    resourceAllow = matched;
                    resourceHow = how;
                }
            }
        }

        // Step 2: the root user is not subject to identity policies, boundaries or session policies;
        // principals without identity policies (services, web identities, anonymous) rely on the resource policy alone.
        switch (principal.Kind)
        {
            case PrincipalKind.Root:
                return Decide(Decision.Allowed, resourceAllow, null, missing);
            case PrincipalKind.Service or PrincipalKind.WebIdentity or PrincipalKind.Anonymous:
                return resourceHow == PrincipalMatch.Direct
                    ? Decide(Decision.Allowed, resourceAllow, null, missing)
                    : Decide(Decision.ImplicitDeny, null, PolicySource.Resource, missing);
        }

        // Step 3: explicit denies in the identity policies, the boundary and the session policies,
        // collecting the first Allow of each along the way.
        var identityAllow = Scan(request.IdentityPolicies, PolicySource.Identity, context, missing, out var deny);
        if (deny is not null)
        {
            return Decide(Decision.ExplicitDeny, deny, null, missing);
        }

        MatchedStatement? boundaryAllow = null;
        if (request.PermissionsBoundary is { } boundary)
        {
            boundaryAllow = ScanPolicy(boundary, PolicySource.PermissionsBoundary, context, missing, out deny);
            if (deny is not null)
            {
                return Decide(Decision.ExplicitDeny, deny, null, missing);
            }
        }

        MatchedStatement? sessionAllow = null;
        if (request.SessionPolicies is { } sessionPolicies)
        {
            sessionAllow = Scan(sessionPolicies, PolicySource.Session, context, missing, out deny);
            if (deny is not null)
            {
                return Decide(Decision.ExplicitDeny, deny, null, missing);
            }
        }

        // Step 4: a resource-based policy naming the user ARN or the role session ARN grants directly:
        // an implicit deny in the identity policies, boundary or session policy does not limit it.
        if (resourceHow == PrincipalMatch.Direct)
        {
            return Decide(Decision.Allowed, resourceAllow, null, missing);
        }

        // Step 5: otherwise an identity-based Allow is needed. A resource-based policy naming the role ARN
        // counts as one (its permissions join the role's before the session exists); naming the account
        // only delegates to the identity policies.
        var allow = identityAllow ?? (resourceHow == PrincipalMatch.RoleArn ? resourceAllow : null);
        if (allow is null)
        {
            return Decide(Decision.ImplicitDeny, null, PolicySource.Identity, missing);
        }

        // Step 6: the permissions boundary and the session policies limit the result.
        if (request.PermissionsBoundary is not null && boundaryAllow is null)
        {
            return Decide(Decision.ImplicitDeny, null, PolicySource.PermissionsBoundary, missing);
        }

        if (request.SessionPolicies is not null && sessionAllow is null)
        {
            return Decide(Decision.ImplicitDeny, null, PolicySource.Session, missing);
        }

        return Decide(Decision.Allowed, allow, null, missing);
    }

    /// <summary>The first matching Allow of the policies, or (through <paramref name="deny"/>) the first matching Deny.</summary>
    private static MatchedStatement? Scan(
        IReadOnlyList<CompiledPolicy> policies,
        PolicySource source,
        RequestContext context,
        List<string> missing,
        out MatchedStatement? deny)
    {
        MatchedStatement? allow = null;
        deny = null;
        for (var p = 0; p < policies.Count; p++)
        {
            var found = ScanPolicy(policies[p], source, context, missing, out deny);
            if (deny is not null)
            {
                return null;
            }

            allow ??= found;
        }

        return allow;
    }

    /// <summary>One policy: only the statements about the request's action (the policy's action index) are tested further.</summary>
    private static MatchedStatement? ScanPolicy(
        CompiledPolicy policy,
        PolicySource source,
        RequestContext context,
        List<string> missing,
        out MatchedStatement? deny)
    {
        MatchedStatement? allow = null;
        deny = null;
        var statements = policy.StatementsFor(context.Action);
        for (var s = 0; s < statements.Length; s++)
        {
            var statement = statements[s];
            if (!AppliesToResourceAndConditions(statement, context, missing))
            {
                continue;
            }

            if (statement.Effect == PolicyEffect.Deny)
            {
                deny = Describe(policy, source, statement);
                return null;
            }

            allow ??= Describe(policy, source, statement);
        }

        return allow;
    }

    /// <summary>Action, then Resource, then every condition (ANDed): cheapest tests first.</summary>
    internal static bool Applies(CompiledStatement statement, RequestContext context, List<string> missing) =>
        statement.Action.Matches(context.Action) && AppliesToResourceAndConditions(statement, context, missing);

    /// <summary>Resource, then every condition (ANDed), for a statement whose action is known to match.</summary>
    private static bool AppliesToResourceAndConditions(CompiledStatement statement, RequestContext context, List<string> missing)
    {
        if (statement.Resource is { } resource && !resource.Matches(context))
        {
            return false;
        }

        var conditions = statement.Conditions;
        for (var i = 0; i < conditions.Count; i++)
        {
            if (!Conditions.ConditionEvaluator.Evaluate(conditions[i], context, missing))
            {
                return false;
            }
        }

        return true;
    }

    private static int Strength(PrincipalMatch how) => how switch
    {
        PrincipalMatch.Direct => 3,
        PrincipalMatch.RoleArn => 2,
        PrincipalMatch.Account => 1,
        _ => 0,
    };

    internal static MatchedStatement Describe(CompiledPolicy policy, PolicySource source, CompiledStatement statement) =>
        new(policy.PolicyId, source, statement.Sid, statement.Index, statement.Effect);

    private static PolicyDecision Decide(Decision decision, MatchedStatement? statement, PolicySource? deniedBy, List<string> missing) =>
        new(decision, statement, deniedBy, missing.Count == 0 ? [] : [.. missing.Distinct(StringComparer.OrdinalIgnoreCase)]);
}
