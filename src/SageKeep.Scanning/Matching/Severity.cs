namespace SageKeep.Scanning.Matching;

/// <summary>
/// A finding's severity: the CVSS qualitative ratings (CVSS v3.1 specification, section 5) plus
/// <see cref="Unknown"/> for a vulnerability no source has rated. Ordered, so gates can say "at or above".
/// </summary>
public enum Severity
{
    Unknown,
    None,
    Low,
    Medium,
    High,
    Critical,
}
