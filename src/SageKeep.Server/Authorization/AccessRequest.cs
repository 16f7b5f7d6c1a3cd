using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Authorization;

/// <summary>
/// What one call needs from IAM: the action (<c>sagemaker:CreateTrainingJob</c>) on each resource ARN
/// (<c>*</c> for actions without a resource), plus the context the operation adds. Every resource must be
/// allowed. Handlers describe it in <see cref="Protocols.IOperationHandler.DescribeAccessAsync"/>; the
/// endpoint authorises before the handler runs.
/// </summary>
internal sealed record AccessRequest(string Action, IReadOnlyList<string> Resources)
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoKeys = [];

    /// <summary>
    /// False only for the few actions AWS answers without any permission (sts:GetCallerIdentity): they are
    /// audited but never denied.
    /// </summary>
    public bool RequiresAuthorization { get; init; } = true;

    /// <summary>
    /// True for actions AWS allows without a policy but lets an explicit deny block (sts:GetSessionToken):
    /// an implicit deny then counts as allowed.
    /// </summary>
    public bool AllowedUnlessDenied { get; init; }

    /// <summary>Service-specific condition keys (<c>sagemaker:NetworkIsolation</c>, <c>iam:PassedToService</c>...).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ContextKeys { get; init; } = NoKeys;

    /// <summary>Tags the request sets (<c>aws:RequestTag/k</c>, <c>aws:TagKeys</c>).</summary>
    public IReadOnlyDictionary<string, string>? RequestTags { get; init; }

    /// <summary>Tags on the target resource (<c>aws:ResourceTag/k</c>).</summary>
    public IReadOnlyDictionary<string, string>? ResourceTags { get; init; }

    /// <summary>The target's resource-based policy (an S3 bucket policy, an ECR repository policy, a role's trust policy).</summary>
    public CompiledPolicy? ResourcePolicy { get; init; }

    /// <summary>
    /// A role's trust policy that must itself allow the caller (sts:AssumeRole, sts:TagSession): checked in
    /// addition to the ordinary evaluation, in which it also serves as the resource policy.
    /// </summary>
    public CompiledPolicy? TrustPolicy { get; init; }

    public static AccessRequest For(string action, string resource) => new(action, [resource]);

    /// <summary>An action that needs no permission; recorded in the audit trail as such.</summary>
    public static AccessRequest Unrestricted(string action) => new(action, ["*"]) { RequiresAuthorization = false };
}
