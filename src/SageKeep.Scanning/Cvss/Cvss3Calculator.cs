namespace SageKeep.Scanning.Cvss;

/// <summary>
/// CVSS v3.0 and v3.1 base score: v3.1 specification section 7.1 (base metrics equations) and 7.4
/// (metric values); v3.0 specification section 8.1. The versions differ only in Roundup: v3.1 appendix A
/// defines an integer-based Roundup so that floating-point error cannot push a score up by 0.1.
/// </summary>
internal static class Cvss3Calculator
{
    public static CvssScore Compute(CvssVector vector)
    {
        var scopeChanged = vector.Get("S") == "C";

        // 1. Metric values (section 7.4).
        var attackVector = vector.Get("AV") switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, _ => 0.2 };
        var attackComplexity = vector.Get("AC") == "L" ? 0.77 : 0.44;
        var privileges = vector.Get("PR") switch
        {
            "N" => 0.85,
            "L" => scopeChanged ? 0.68 : 0.62,
            _ => scopeChanged ? 0.5 : 0.27,
        };
        var userInteraction = vector.Get("UI") == "N" ? 0.85 : 0.62;
        var c = Cia(vector.Get("C"));
        var i = Cia(vector.Get("I"));
        var a = Cia(vector.Get("A"));

        // 2. Impact sub-score: ISS = 1 - [(1 - C) × (1 - I) × (1 - A)].
        var iss = 1 - ((1 - c) * (1 - i) * (1 - a));
        var impact = scopeChanged
            ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15))
            : 6.42 * iss;
        var exploitability = 8.22 * attackVector * attackComplexity * privileges * userInteraction;

        // 3. Base score.
        double score;
        if (impact <= 0)
        {
            score = 0;
        }
        else
        {
            var sum = scopeChanged ? 1.08 * (impact + exploitability) : impact + exploitability;
            score = Roundup(Math.Min(sum, 10), vector.Version);
        }

        return new CvssScore(
            vector,
            score,
            CvssSeverityRating.FromScore(vector.Version, score),
            CvssCalculator.Impact(vector.Get("C")),
            CvssCalculator.Impact(vector.Get("I")),
            CvssCalculator.Impact(vector.Get("A")));
    }

    /// <summary>The smallest number with one decimal place that is equal to or higher than its input.</summary>
    internal static double Roundup(double value, CvssVersion version)
    {
        if (version == CvssVersion.V30)
        {
            return Math.Ceiling(value * 10) / 10;
        }

        // v3.1 appendix A: work on an integer of 10^-5 units so 4.000000000000001 rounds to 4.0.
        var intInput = (long)Math.Round(value * 100000);
        return intInput % 10000 == 0 ? intInput / 100000.0 : (Math.Floor(intInput / 10000.0) + 1) / 10.0;
    }

    private static double Cia(string value) => value switch { "H" => 0.56, "L" => 0.22, _ => 0 };
}
