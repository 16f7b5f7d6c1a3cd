namespace SageKeep.Scanning.Cvss;

/// <summary>CVSS v2 base score: "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", section 3.2.1.</summary>
internal static class Cvss2Calculator
{
    public static CvssScore Compute(CvssVector vector)
    {
        // 1. Metric values (section 3.2.1 table).
        var accessVector = vector.Get("AV") switch { "L" => 0.395, "A" => 0.646, _ => 1.0 };
        var accessComplexity = vector.Get("AC") switch { "H" => 0.35, "M" => 0.61, _ => 0.71 };
        var authentication = vector.Get("Au") switch { "M" => 0.45, "S" => 0.56, _ => 0.704 };
        var c = Cia(vector.Get("C"));
        var i = Cia(vector.Get("I"));
        var a = Cia(vector.Get("A"));

        // 2. Impact = 10.41 × (1 - (1 - C) × (1 - I) × (1 - A)); Exploitability = 20 × AV × AC × Au.
        var impact = 10.41 * (1 - ((1 - c) * (1 - i) * (1 - a)));
        var exploitability = 20 * accessVector * accessComplexity * authentication;
        var f = impact == 0 ? 0 : 1.176;

        // 3. BaseScore = round_to_1_decimal(((0.6 × Impact) + (0.4 × Exploitability) - 1.5) × f(Impact)).
        var raw = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
        var score = Math.Round((decimal)raw, 1, MidpointRounding.AwayFromZero);
        var value = (double)score;

        return new CvssScore(
            vector,
            value,
            CvssSeverityRating.FromScore(CvssVersion.V2, value),
            CvssCalculator.Impact(vector.Get("C")),
            CvssCalculator.Impact(vector.Get("I")),
            CvssCalculator.Impact(vector.Get("A")));
    }

    private static double Cia(string value) => value switch { "P" => 0.275, "C" => 0.660, _ => 0 };
}
