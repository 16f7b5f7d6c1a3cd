using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Manifests;

/// <summary>A manifest's facts the registry needs: type, what it references, its subject, its image size.</summary>
internal sealed record ParsedManifest(
    string MediaType,
    string? ArtifactType,
    string? SubjectDigest,
    string? ConfigDigest,
    IReadOnlyList<ManifestReference> References,
    long ImageSize);
