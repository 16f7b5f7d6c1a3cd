namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>
/// Anything that decides whether one version is inside a set of versions: OSV-style intervals
/// (<see cref="VersionRange"/>), PEP 440 specifier sets, npm ranges.
/// </summary>
internal interface IVersionConstraint
{
    RangeVerdict Evaluate(string? version);
}
