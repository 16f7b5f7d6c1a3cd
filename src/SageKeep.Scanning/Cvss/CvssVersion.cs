namespace SageKeep.Scanning.Cvss;

/// <summary>The CVSS specification a vector was written against.</summary>
public enum CvssVersion
{
    V2,
    V30,
    V31,
    V40,
}
