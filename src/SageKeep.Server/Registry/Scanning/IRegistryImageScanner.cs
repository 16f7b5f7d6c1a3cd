namespace SageKeep.Server.Registry.Scanning;

/// <summary>Scans an exported OCI layout against the vulnerability database and applies the gate policy.</summary>
internal interface IRegistryImageScanner
{
    Task<ImageScanOutcome> ScanAsync(string layoutDirectory, CancellationToken ct);

    /// <summary>
    /// A token that changes when the database's contents change (an import), and only then: opening the database
    /// for a scan touches the file, so the file's times alone would re-scan everything forever. Null when there is none.
    /// </summary>
    Task<string?> DatabaseChangeTokenAsync(CancellationToken ct);
}
