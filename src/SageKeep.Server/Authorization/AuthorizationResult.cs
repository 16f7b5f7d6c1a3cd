using SageKeep.Core.Errors;
using SageKeep.Security.Iam.Evaluation;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The outcome of authorising one call: the decision, the statement that decided (for the audit trail)
/// and, when denied, the AccessDenied error in the protocol's shape with AWS's message.
/// </summary>
internal sealed record AuthorizationResult(Decision Decision, MatchedStatement? Statement, AwsError? Error)
{
    /// <summary>For actions that need no permission.</summary>
    public static AuthorizationResult NotRequired { get; } = new(Decision.Allowed, null, null);

    public bool IsAllowed => Decision == Decision.Allowed && Error is null;
}
