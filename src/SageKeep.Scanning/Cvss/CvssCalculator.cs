namespace SageKeep.Scanning.Cvss;

/// <summary>Base scores of CVSS vectors, by our own implementation of FIRST's specifications.</summary>
public static class CvssCalculator
{
    /// <summary>Parses <paramref name="vectorText"/> and computes its base score.</summary>
    public static (CvssScore? Score, string? Error) Compute(string? vectorText)
    {
        var parsed = CvssVectorParser.Parse(vectorText);
        return parsed.Vector is null ? (null, parsed.Error) : (Compute(parsed.Vector), null);
    }

    public static CvssScore Compute(CvssVector vector) => vector.Version switch
    {
        CvssVersion.V2 => Cvss2Calculator.Compute(vector),
        CvssVersion.V30 or CvssVersion.V31 => Cvss3Calculator.Compute(vector),
        _ => V4(vector),
    };

    private static CvssScore V4(CvssVector vector)
    {
        var score = Cvss4Calculator.BaseScore(vector);
        return new CvssScore(vector, score, score is { } s ? CvssSeverityRating.FromScore(CvssVersion.V40, s) : null,
            Impact(vector.Get("VC")), Impact(vector.Get("VI")), Impact(vector.Get("VA")));
    }

    internal static CvssImpact Impact(string value) => value switch
    {
        "H" or "C" => CvssImpact.High,
        "L" or "P" => CvssImpact.Low,
        _ => CvssImpact.None,
    };
}
