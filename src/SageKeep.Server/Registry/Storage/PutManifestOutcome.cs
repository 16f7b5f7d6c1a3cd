namespace SageKeep.Server.Registry.Storage;

/// <summary>Why a manifest could not be stored (or <see cref="Stored"/>).</summary>
internal enum PutManifestOutcome
{
    Stored,
    RepositoryUnknown,
    ReferenceUnknown,
    TagImmutable,
}
