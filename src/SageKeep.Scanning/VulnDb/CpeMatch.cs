namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// One NVD configuration cpeMatch (NVD CVE API 2.0, "configurations[].nodes[].cpeMatch[]"): the CPE 2.3
/// criteria, whether it names vulnerable software (or a platform it runs on) and the version bounds.
/// <see cref="Vendor"/>, <see cref="Product"/> and <see cref="Version"/> are fields 4, 5 and 6 of the CPE.
/// </summary>
public sealed record CpeMatch(
    string Criteria,
    bool Vulnerable,
    string Vendor,
    string Product,
    string Version,
    string? VersionStartIncluding,
    string? VersionStartExcluding,
    string? VersionEndIncluding,
    string? VersionEndExcluding);
