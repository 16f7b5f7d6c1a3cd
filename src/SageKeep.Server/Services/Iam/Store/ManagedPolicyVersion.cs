namespace SageKeep.Server.Services.Iam.Store;

/// <summary>One version of a managed policy (IAM API Reference, "PolicyVersion").</summary>
internal sealed record ManagedPolicyVersion(string VersionId, string Document, bool IsDefaultVersion, DateTimeOffset CreateDate);
