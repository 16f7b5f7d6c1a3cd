namespace SageKeep.Server.Services.Iam.Store;

/// <summary>GetAccessKeyLastUsed: the key's owner (null for the root user) and its last use, if any.</summary>
internal sealed record AccessKeyUse(string? UserName, DateTimeOffset? LastUsedDate, string? ServiceName, string? Region);
