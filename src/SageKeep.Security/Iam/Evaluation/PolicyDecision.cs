namespace SageKeep.Security.Iam.Evaluation;

/// <summary>
/// The result of evaluating one request. Starts as <see cref="Decision.ImplicitDeny"/>; only an
/// explicit allow, passing every limiting policy, makes it <see cref="Decision.Allowed"/>.
/// </summary>
/// <remarks>Statement: The deciding statement; null for an implicit deny no statement caused.</remarks>
/// <remarks>DeniedBy: For an implicit deny, the policy type that lacked an allow (identity, boundary, session).</remarks>
/// <remarks>MissingContextKeys: Condition keys that statements needed but the request lacked (as SimulatePrincipalPolicy's MissingContextValues).</remarks>
public sealed record PolicyDecision(
    Decision Decision,
    MatchedStatement? Statement,
    PolicySource? DeniedBy,
    IReadOnlyList<string> MissingContextKeys)
{
    public bool IsAllowed => Decision == Decision.Allowed;
}
