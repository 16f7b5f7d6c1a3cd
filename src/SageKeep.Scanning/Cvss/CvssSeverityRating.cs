namespace SageKeep.Scanning.Cvss;

/// <summary>Score → qualitative rating.</summary>
public static class CvssSeverityRating
{
    /// <summary>
    /// v3.x and v4.0 (v3.1 specification section 5, table 14): None 0.0, Low 0.1-3.9, Medium 4.0-6.9,
    /// High 7.0-8.9, Critical 9.0-10.0. v2 has no rating in its specification; NVD's is used:
    /// Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
    /// </summary>
    public static CvssSeverity FromScore(CvssVersion version, double score)
    {
        if (version == CvssVersion.V2)
        {
            return score switch
            {
                < 4.0 => CvssSeverity.Low,
                < 7.0 => CvssSeverity.Medium,
                _ => CvssSeverity.High,
            };
        }

        return score switch
        {
            <= 0.0 => CvssSeverity.None,
            < 4.0 => CvssSeverity.Low,
            < 7.0 => CvssSeverity.Medium,
            < 9.0 => CvssSeverity.High,
            _ => CvssSeverity.Critical,
        };
    }

    /// <summary>Parses NVD's and OSV's spelling ("HIGH", "Medium", …); null when it is none of the five.</summary>
    public static CvssSeverity? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "NONE" => CvssSeverity.None,
        "LOW" => CvssSeverity.Low,
        "MEDIUM" or "MODERATE" => CvssSeverity.Medium,
        "HIGH" or "IMPORTANT" => CvssSeverity.High,
        "CRITICAL" => CvssSeverity.Critical,
        _ => null,
    };
}
