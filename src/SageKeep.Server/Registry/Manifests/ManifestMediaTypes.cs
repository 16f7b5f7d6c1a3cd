namespace SageKeep.Server.Registry.Manifests;

/// <summary>The manifest media types this registry stores (OCI image spec; Docker image manifest V2 schema 2).</summary>
internal static class ManifestMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImage(string mediaType) => mediaType is OciManifest or DockerManifest;
}
