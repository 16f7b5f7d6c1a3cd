namespace SageKeep.Server.Services.Iam.Store;

/// <summary>An IAM group (IAM API Reference, "Group").</summary>
internal sealed record IamGroup(string GroupId, string GroupName, string Path, string Arn, DateTimeOffset CreateDate);
