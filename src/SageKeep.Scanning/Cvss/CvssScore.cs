namespace SageKeep.Scanning.Cvss;

/// <summary>
/// The base score of a vector with its rating and the C/I/A impacts (for v4.0 those of the vulnerable system).
/// <see cref="BaseScore"/> is null only if a v4.0 vector maps to no MacroVector of the specification's table.
/// </summary>
public sealed record CvssScore(
    CvssVector Vector,
    double? BaseScore,
    CvssSeverity? Severity,
    CvssImpact Confidentiality,
    CvssImpact Integrity,
    CvssImpact Availability);
