namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// Where a compiled policy came from, as SimulatePrincipalPolicy reports it: <paramref name="PolicyId"/> is the
/// id decisions carry (a managed policy's ARN, or <c>user/NAME/POLICY</c> for inline policies);
/// <paramref name="SourcePolicyId"/> and <paramref name="SourcePolicyType"/> (user, group, role, aws-managed,
/// user-managed) are IAM's names for it.
/// </summary>
internal sealed record PolicySourceInfo(string PolicyId, string SourcePolicyId, string SourcePolicyType);
