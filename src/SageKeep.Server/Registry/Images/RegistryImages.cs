using SageKeep.Server.Configuration;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry.Images;

/// <summary>
/// <see cref="IRegistryImages"/> over the registry store. An image URI belongs to this registry when its
/// port is the server's (any host name: clients reach the server as 127.0.0.1, localhost or a DNS name).
/// </summary>
internal sealed class RegistryImages(RegistryStore store, ImageExporter exporter, ServerSettings settings) : IRegistryImages
{
    public async Task<ResolvedImage?> ResolveAsync(string imageUri, CancellationToken ct)
    {
        if (ImageReference.TryParse(imageUri) is not { } reference || !IsThisRegistry(reference.Host))
        {
            return null;
        }

        var manifest = reference.Digest is { } digest
            ? await store.GetManifestAsync(reference.Repository, digest, ct).ConfigureAwait(false)
            : await store.ResolveAsync(reference.Repository, reference.Tag!, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return null;
        }

        // A tag and digest given together must agree.
        if (reference is { Digest: not null, Tag: { } tag } && await store.ResolveTagAsync(reference.Repository, tag, ct).ConfigureAwait(false) != manifest.Digest)
        {
            return null;
        }

        return new ResolvedImage(reference, manifest.Repository, manifest.Digest, manifest.MediaType);
    }

    public Task<string?> ExportLayoutAsync(ResolvedImage image, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        return exporter.ExportAsync(image.Repository, image.Digest, ct);
    }

    public async Task<ImageGateStatus> GetGateStatusAsync(ResolvedImage image, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scan = await store.GetScanAsync(image.Repository, image.Digest, ct).ConfigureAwait(false);
        return scan switch
        {
            null => new ImageGateStatus(ImageGateState.Unknown, "The image has not been scanned.", null),
            { Status: ScanStatuses.InProgress } => new ImageGateStatus(ImageGateState.Pending, "The image scan is in progress.", scan.GatePolicy),
            { Status: ScanStatuses.Failed } => new ImageGateStatus(ImageGateState.Unknown, scan.Description, scan.GatePolicy),
            { GatePassed: true } => new ImageGateStatus(ImageGateState.Passed, scan.GateReason ?? "The image passed the scan gate.", scan.GatePolicy),
            _ => new ImageGateStatus(ImageGateState.Blocked, scan.GateReason ?? "The image failed the scan gate.", scan.GatePolicy),
        };
    }

    private bool IsThisRegistry(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port == settings.Port;
    }
}
