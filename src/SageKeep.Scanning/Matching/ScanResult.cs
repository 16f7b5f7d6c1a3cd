using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// One vulnerability scan: the inventory it matched, the findings (sorted by severity, then package, then id),
/// which database contents produced them (<see cref="DatabaseSnapshot"/>: the same id means the same data),
/// when, and what the caller should know (stale database, distribution without data, versions that did not parse).
/// </summary>
public sealed record ScanResult(
    ImageInventory Inventory,
    IReadOnlyList<Finding> Findings,
    string DatabaseSnapshot,
    DateTimeOffset? DatabaseUpdatedAt,
    DateTimeOffset ScannedAt,
    IReadOnlyList<string> Warnings)
{
    /// <summary>How old the database was at scan time (null when it is empty).</summary>
    public TimeSpan? DatabaseAge => DatabaseUpdatedAt is { } updated ? ScannedAt - updated : null;
}
