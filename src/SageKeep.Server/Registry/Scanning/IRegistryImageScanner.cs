namespace SageKeep.Server.Registry.Scanning;

/// <summary>Scans an exported OCI layout against the vulnerability database and applies the gate policy.</summary>
internal interface IRegistryImageScanner
{
    Task<ImageScanOutcome> ScanAsync(string layoutDirectory, CancellationToken ct);

    /// <summary>A cheap token that changes when the database file changes (size and write times); null when there is none.</summary>
    string? DatabaseChangeToken();
}
