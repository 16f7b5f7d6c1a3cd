namespace SageKeep.Scanning.VulnDb;

/// <summary>A candidate for a matcher: the record (source, id, aliases) and the affected package entry that names the package.</summary>
public sealed record AffectedMatch(string Source, string RecordId, IReadOnlyList<string> Aliases, AffectedPackage Package)
{
    /// <summary>The whole record, already read by the lookup (so a matcher need not read it again); null when not loaded.</summary>
    public VulnRecord? Record { get; init; }
}
