namespace SageKeep.Server.Registry.Storage;

/// <summary>
/// A manifest stored in a repository. <see cref="ImageSize"/> is the manifest's config plus layers
/// (what ECR reports as imageSizeInBytes); <see cref="SubjectDigest"/> makes it a referrer.
/// </summary>
internal sealed record ManifestRecord(
    string Repository,
    string Digest,
    string MediaType,
    long Size,
    string? ArtifactType,
    string? SubjectDigest,
    long ImageSize,
    DateTimeOffset PushedAt);
