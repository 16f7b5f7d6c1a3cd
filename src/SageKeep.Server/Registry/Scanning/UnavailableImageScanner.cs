namespace SageKeep.Server.Registry.Scanning;

/// <summary>The scanner used until vulnerability matching is available: every scan ends FAILED with that reason.</summary>
internal sealed class UnavailableImageScanner : IRegistryImageScanner
{
    public Task<ImageScanOutcome> ScanAsync(string layoutDirectory, CancellationToken ct) =>
        Task.FromResult(ImageScanOutcome.Failed("Vulnerability matching is not available on this server."));

    public string? DatabaseChangeToken() => null;
}
