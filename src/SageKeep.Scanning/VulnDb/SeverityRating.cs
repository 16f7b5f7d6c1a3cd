using SageKeep.Scanning.Cvss;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// One severity statement of a record: a CVSS metric (Type "CVSS_V2", "CVSS_V3", "CVSS_V4") with its vector,
/// score and C/I/A impacts, or a source's own rating (Type "urgency" for Debian, "advisory" for OSV's
/// database_specific.severity). <see cref="Source"/> is who rated it (NVD's "nvd@nist.gov", a CNA, …);
/// <see cref="IsPrimary"/> marks NVD's Primary metrics.
/// </summary>
public sealed record SeverityRating(
    string Type,
    string? Source,
    bool IsPrimary,
    string? Vector,
    double? BaseScore,
    CvssSeverity? Severity,
    string? Text,
    CvssImpact? Confidentiality,
    CvssImpact? Integrity,
    CvssImpact? Availability);
