using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// One advisory entry evaluated against one installed package: whether it says the installed version is
/// affected, the fixed version of the interval the version lies in, and every id it carries.
/// </summary>
internal sealed record Candidate(AffectedMatch Match, AdvisoryVerdict Verdict, string? FixedVersion, IReadOnlyList<string> Ids)
{
    /// <summary>The distribution's own tracker (Debian tracker, Alpine secdb), as opposed to an OSV copy of it.</summary>
    public bool IsDistroNative => Match.Source is DebianTrackerParser.SourceName or AlpineSecDbParser.SourceName;

    public string Key => $"{Match.Source}:{Match.RecordId}";
}
