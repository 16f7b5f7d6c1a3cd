namespace SageKeep.Security.Iam.Model;

/// <summary>
/// How a resource-based policy's Principal named the caller. It matters for same-account evaluation
/// (IAM User Guide, "Policy evaluation logic"): a grant to the user ARN or the role session ARN (or to
/// everyone) is direct; a grant to the role ARN still passes through the permissions boundary and the
/// session policy; a grant to the account only delegates to the identity policies.
/// </summary>
public enum PrincipalMatch
{
    None,
    Direct,
    RoleArn,
    Account,
}
