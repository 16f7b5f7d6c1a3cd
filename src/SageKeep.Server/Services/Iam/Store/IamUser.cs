namespace SageKeep.Server.Services.Iam.Store;

/// <summary>An IAM user (IAM API Reference, "User"). Tags are read separately.</summary>
internal sealed record IamUser(string UserId, string UserName, string Path, string Arn, DateTimeOffset CreateDate, string? PermissionsBoundaryArn);
