namespace SageKeep.Server.Registry;

/// <summary>The OCI distribution endpoints (spec table "Endpoints": end-1 ... end-13).</summary>
internal enum RegistryRouteKind
{
    Unknown,
    Base,
    Blob,
    UploadStart,
    Upload,
    Manifest,
    TagsList,
    Referrers,
}
