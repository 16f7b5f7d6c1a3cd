namespace SageKeep.Scanning.VulnDb;

/// <summary>What the source says about a fix for one affected package.</summary>
public enum FixState
{
    /// <summary>Fixed in <see cref="AffectedPackage.FixedVersion"/> (or by the ranges' fixed events).</summary>
    Fixed,

    /// <summary>The source says this package/release was never affected.</summary>
    NotAffected,

    /// <summary>Affected and no fix is published yet.</summary>
    NotFixed,

    /// <summary>The source has not yet determined whether the package is affected.</summary>
    Undetermined,

    /// <summary>The release is out of support; the source will not publish a fix.</summary>
    EndOfLife,

    /// <summary>The distribution decided not to fix it in this release (Debian tracker: no-dsa, reason "ignored").</summary>
    WontFix,
}
