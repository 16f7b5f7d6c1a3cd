namespace SageKeep.Scanning.VulnDb;

/// <summary>Bounds every feed parser enforces, so a hostile or broken file cannot exhaust memory or the stack.</summary>
public sealed record FeedLimits
{
    public static FeedLimits Default { get; } = new();

    /// <summary>Largest single record (one OSV file, one NVD "cve", one Debian source package): NVD's biggest are a few MB.</summary>
    public int MaxRecordBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest file read whole (Alpine secdb, single OSV records).</summary>
    public long MaxWholeFileBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Deepest JSON/YAML nesting: the formats need fewer than 12 levels.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most list entries kept per record field (aliases, affected, versions, references, cpeMatch).</summary>
    public int MaxItemsPerList { get; init; } = 100_000;
}
