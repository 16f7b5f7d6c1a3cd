namespace SageKeep.Server.Registry.Storage;

/// <summary>A repository: ECR's settings that change behaviour (tag mutability, scan on push) and its policy text.</summary>
internal sealed record RepositoryInfo(string Name, DateTimeOffset CreatedAt, bool ImmutableTags, bool ScanOnPush, string? PolicyText = null);
