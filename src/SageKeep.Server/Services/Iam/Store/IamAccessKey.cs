namespace SageKeep.Server.Services.Iam.Store;

/// <summary>An access key's metadata (IAM API Reference, "AccessKeyMetadata"); the secret never leaves the key store except once at creation.</summary>
internal sealed record IamAccessKey(string AccessKeyId, string? UserName, string Status, DateTimeOffset CreateDate);
