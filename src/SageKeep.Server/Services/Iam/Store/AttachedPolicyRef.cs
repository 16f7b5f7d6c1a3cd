namespace SageKeep.Server.Services.Iam.Store;

/// <summary>A managed policy attached to an entity (IAM API Reference, "AttachedPolicy").</summary>
internal sealed record AttachedPolicyRef(string PolicyName, string PolicyArn, string Path);
