namespace SageKeep.Server.Registry.Images;

/// <summary>
/// The registry as other features see it (training jobs, models, the marketplace): resolve an image URI of
/// this server's registry to its digest, read the image, and ask whether the scan gate currently blocks it.
/// </summary>
internal interface IRegistryImages
{
    /// <summary>The image, or null when the URI is not of this registry or names nothing stored.</summary>
    Task<ResolvedImage?> ResolveAsync(string imageUri, CancellationToken ct);

    /// <summary>
    /// Writes the image as an OCI layout in a new private directory (blobs verified again by whoever reads
    /// them) and returns its path; the caller deletes it. Null when the image is gone.
    /// </summary>
    Task<string?> ExportLayoutAsync(ResolvedImage image, CancellationToken ct);

    /// <summary>The gate's current verdict on the image (the latest scan, re-run when the database changes).</summary>
    Task<ImageGateStatus> GetGateStatusAsync(ResolvedImage image, CancellationToken ct);
}
