namespace SageKeep.Server.Registry.Storage;

/// <summary>A manifest with the tags that point at it (ECR's "image").</summary>
internal sealed record ImageRecord(ManifestRecord Manifest, IReadOnlyList<string> Tags);
