using SageKeep.Scanning.Cvss;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// One CVSS metric of a finding: who published it, the vector, the base score our own calculator computed from
/// the vector (FIRST specifications), the score the source published (null when it published none), the rating
/// and the confidentiality/integrity/availability impact.
/// </summary>
public sealed record CvssDetail(
    string Source,
    bool IsPrimary,
    CvssVersion Version,
    string Vector,
    double? BaseScore,
    double? PublishedScore,
    Severity Severity,
    CvssImpact Confidentiality,
    CvssImpact Integrity,
    CvssImpact Availability);
