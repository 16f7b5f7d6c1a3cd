namespace SageKeep.Scanning.Cvss;

/// <summary>Rating of one of the confidentiality, integrity or availability impact metrics.</summary>
public enum CvssImpact
{
    None,
    Low,
    High,
}
