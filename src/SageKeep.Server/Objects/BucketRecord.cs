namespace SageKeep.Server.Objects;

/// <summary>A bucket: name, creation time, region, its policy document (and a version bumped on every change) and tags.</summary>
internal sealed record BucketRecord(
    string Name,
    DateTimeOffset CreatedAt,
    string Region,
    string? Policy,
    long PolicyVersion,
    IReadOnlyDictionary<string, string>? Tags);
