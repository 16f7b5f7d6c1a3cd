namespace SageKeep.Scanning.Inventory;

/// <summary>
/// Bounds that make a hostile image cheap to refuse. Defaults suit real images of several GiB;
/// tests lower them to exercise the refusals.
/// </summary>
public sealed record ScanLimits
{
    /// <summary>Total decompressed bytes over all layers (tar headers included).</summary>
    public long MaxExpandedBytes { get; init; } = 32L * 1024 * 1024 * 1024;

    /// <summary>Total tar entries over all layers.</summary>
    public long MaxEntries { get; init; } = 4_000_000;

    /// <summary>Largest single file a layer may hold.</summary>
    public long MaxFileBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Largest claimed file handed to a cataloger; bigger claimed files are skipped with a warning.</summary>
    public long MaxClaimedFileBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Claimed files up to this size are buffered in memory, larger ones spooled to the scan's temp directory.</summary>
    public int InMemoryClaimBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest JSON document (index, manifest, config) read into memory.</summary>
    public int MaxMetadataBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Deepest chain of nested indexes followed.</summary>
    public int MaxIndexDepth { get; init; } = 4;

    public static ScanLimits Default { get; } = new();
}
