namespace SageKeep.Scanning.Policy;

/// <summary>Why a finding was taken out of the remaining findings.</summary>
public enum SuppressionKind
{
    /// <summary>An OpenVEX statement says not_affected or fixed.</summary>
    Vex,

    /// <summary>An active ignore-file entry.</summary>
    Ignored,

    /// <summary>Its severity is not among the selected ones.</summary>
    Severity,

    /// <summary>No fix is available and unfixed findings are ignored.</summary>
    Unfixed,
}
