namespace SageKeep.Scanning.Versions.Ranges;

/// <summary>Answer of a version constraint. Unknown (a version or bound that does not parse) must not be read as "not affected".</summary>
internal enum RangeVerdict
{
    Unknown,
    NotAffected,
    Affected,
}
