namespace SageKeep.Scanning.Policy;

/// <summary>OpenVEX statement status (OpenVEX specification v0.2.0, "Status Labels").</summary>
public enum VexStatus
{
    NotAffected,
    Affected,
    Fixed,
    UnderInvestigation,
}
