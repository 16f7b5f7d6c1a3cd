namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// An IAM role (IAM API Reference, "Role"): its trust policy as stored (JSON text, not encoded), the
/// longest session it allows (3600..43200 seconds) and its tags.
/// </summary>
internal sealed record IamRole(
    string RoleId,
    string RoleName,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    IReadOnlyList<IamTag> Tags);
