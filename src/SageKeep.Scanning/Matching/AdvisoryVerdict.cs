namespace SageKeep.Scanning.Matching;

/// <summary>What one advisory entry says about an installed version.</summary>
internal enum AdvisoryVerdict
{
    /// <summary>The version (or a bound) does not parse in the advisory's scheme: nothing can be decided.</summary>
    Unknown,

    NotAffected,

    Affected,
}
