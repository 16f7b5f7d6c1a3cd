namespace SageKeep.Server.Registry;

/// <summary>Bounds of the registry: every body, list and session is limited.</summary>
internal static class RegistryLimits
{
    /// <summary>Manifests and indexes: 4 MiB, the size containerd and ECR accept.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>One blob (a layer): 10 GiB, ECR's layer limit is 52,000 MiB but this server keeps a smaller disk bound.</summary>
    public const long MaxBlobBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>Descriptors in one manifest (layers) or index (manifests).</summary>
    public const int MaxDescriptors = 1000;

    /// <summary>Repository names: ECR allows 2-256 characters.</summary>
    public const int MaxRepositoryNameLength = 256;

    /// <summary>Tags per list page when the client gives no <c>n</c> and the most it may ask for.</summary>
    public const int MaxTagPage = 1000;

    /// <summary>By default an upload with no activity for this long is gone (the spec lets registries expire sessions; setting <c>registryUploadIdleTimeoutSeconds</c>).</summary>
    public static readonly TimeSpan UploadIdleTimeout = TimeSpan.FromHours(1);

    /// <summary>The longest idle timeout the setting accepts (one day).</summary>
    public static readonly TimeSpan MaxUploadIdleTimeout = TimeSpan.FromDays(1);

    /// <summary>Registry tokens are valid for 12 hours, as ECR's GetAuthorizationToken says.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    /// <summary>Blobs younger than this are never collected (a push may be linking them right now).</summary>
    public static readonly TimeSpan GarbageGracePeriod = TimeSpan.FromHours(1);
}
