namespace SageKeep.Server.Services.Iam.Store;

/// <summary>A managed policy (IAM API Reference, "Policy"), with its usage counts.</summary>
internal sealed record ManagedPolicy(
    string PolicyId,
    string PolicyName,
    string Path,
    string Arn,
    string DefaultVersionId,
    string? Description,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    int AttachmentCount,
    int PermissionsBoundaryUsageCount)
{
    public bool IsAwsManaged => Arn.StartsWith(IamNames.AwsPolicyArnPrefix, StringComparison.Ordinal);
}
