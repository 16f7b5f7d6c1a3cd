namespace SageKeep.Scanning.Cvss;

/// <summary>
/// The base score of a vector with its rating and the C/I/A impacts (for v4.0 those of the vulnerable system).
/// <see cref="BaseScore"/> is null when this implementation does not compute the version's score (v4.0).
/// </summary>
public sealed record CvssScore(
    CvssVector Vector,
    double? BaseScore,
    CvssSeverity? Severity,
    CvssImpact Confidentiality,
    CvssImpact Integrity,
    CvssImpact Availability);
