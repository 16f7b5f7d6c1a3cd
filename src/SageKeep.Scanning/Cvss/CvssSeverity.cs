namespace SageKeep.Scanning.Cvss;

/// <summary>Qualitative severity rating (CVSS v3.1 specification section 5, v4.0 section 6; v2 as NVD rates it).</summary>
public enum CvssSeverity
{
    None,
    Low,
    Medium,
    High,
    Critical,
}
