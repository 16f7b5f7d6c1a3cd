namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// One vulnerability record of one source, as every feed parser produces it. (<see cref="Source"/>,
/// <see cref="Id"/>) is its identity in the database; <see cref="Modified"/> decides whether a re-import
/// replaces it. Distribution feeds have no per-record time: their records are replaced when their content changes.
/// </summary>
public sealed record VulnRecord(
    string Source,
    string Id,
    DateTimeOffset? Published,
    DateTimeOffset? Modified,
    DateTimeOffset? Withdrawn,
    string? Summary,
    string? Details,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<AffectedPackage> Affected,
    IReadOnlyList<SeverityRating> Severities,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<VulnReference> References,
    IReadOnlyList<CpeMatch> CpeMatches,
    string? KnownExploitedAdded = null);
