namespace SageKeep.Scanning.Matching;

/// <summary>What can be done about a finding, as the advisory that matched says.</summary>
public enum FindingFixState
{
    /// <summary>A fixed version exists (<see cref="Finding.FixedVersion"/>).</summary>
    Fixed,

    /// <summary>Affected and no fix is published yet.</summary>
    NotFixed,

    /// <summary>The distribution decided not to fix it in this release (Debian "ignored").</summary>
    WontFix,

    /// <summary>The release is out of support: no fix will come.</summary>
    EndOfLife,

    /// <summary>The source has not determined whether, or how, it will be fixed.</summary>
    Undetermined,
}
