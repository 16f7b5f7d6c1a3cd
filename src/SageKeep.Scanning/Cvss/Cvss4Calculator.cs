namespace SageKeep.Scanning.Cvss;

/// <summary>
/// CVSS v4.0 score (specification section 8.2): the vector's MacroVector score, lowered by the mean
/// proportional severity distance from the MacroVector's highest-severity vector towards the next lower
/// MacroVector of each equivalence set. Environmental "M…" values replace base values when set; E, CR, IR and
/// AR default to their worst case (A, H).
/// </summary>
internal static class Cvss4Calculator
{
    private const double Step = 0.1;

    private static readonly string[] ImpactMetrics = ["VC", "VI", "VA", "SC", "SI", "SA"];

    public static double? BaseScore(CvssVector vector)
    {
        string M(string metric) => Effective(vector, metric);

        // 1. No impact on any system scores 0.
        if (ImpactMetrics.All(metric => M(metric) == "N"))
        {
            return 0.0;
        }

        // 2. The equivalence sets (section 8.2 table 24).
        var eq1 = M("AV") == "N" && M("PR") == "N" && M("UI") == "N" ? 0
            : (M("AV") == "N" || M("PR") == "N" || M("UI") == "N") && M("AV") != "P" ? 1 : 2;
        var eq2 = M("AC") == "L" && M("AT") == "N" ? 0 : 1;
        var eq3 = M("VC") == "H" && M("VI") == "H" ? 0 : M("VC") == "H" || M("VI") == "H" || M("VA") == "H" ? 1 : 2;
        var eq4 = M("MSI") == "S" || M("MSA") == "S" ? 0 : M("SC") == "H" || M("SI") == "H" || M("SA") == "H" ? 1 : 2;
        var eq5 = M("E") switch { "A" => 0, "P" => 1, _ => 2 };
        var eq6 = (M("CR") == "H" && M("VC") == "H") || (M("IR") == "H" && M("VI") == "H") || (M("AR") == "H" && M("VA") == "H") ? 0 : 1;

        if (!Cvss4Tables.Scores.TryGetValue(Macro(eq1, eq2, eq3, eq4, eq5, eq6), out var value))
        {
            return null;
        }

        // 3. Scores of the next lower MacroVector of each set (NaN when there is none).
        var lowerEq1 = Lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        var lowerEq2 = Lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        var lowerEq3Eq6 = (eq3, eq6) switch
        {
            (1, 1) or (0, 1) => Lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6),
            (1, 0) => Lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1),
            (0, 0) => Math.Max(Lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1), Lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6)),
            _ => Lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1),
        };
        var lowerEq4 = Lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        var lowerEq5 = Lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // 4. The first highest-severity vector of the MacroVector that the vector does not exceed on any metric.
        var distances = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var max in Composed(eq1, eq2, eq3, eq4, eq6))
        {
            distances.Clear();
            foreach (var part in max.Split('/'))
            {
                var metric = part[..part.IndexOf(':', StringComparison.Ordinal)];
                distances[metric] = Level(metric, M(metric)) - Level(metric, part[(metric.Length + 1)..]);
            }

            if (distances.Values.All(d => d >= 0))
            {
                break;
            }
        }

        var distanceEq1 = distances["AV"] + distances["PR"] + distances["UI"];
        var distanceEq2 = distances["AC"] + distances["AT"];
        var distanceEq3Eq6 = distances["VC"] + distances["VI"] + distances["VA"] + distances["CR"] + distances["IR"] + distances["AR"];
        var distanceEq4 = distances["SC"] + distances["SI"] + distances["SA"];

        // 5. Proportional distances, their mean over the sets that have a lower MacroVector, and the score.
        var existing = 0;
        var sum = 0.0;
        sum += Proportion(value - lowerEq1, distanceEq1, Cvss4Tables.Eq1Depth(eq1) * Step, ref existing);
        sum += Proportion(value - lowerEq2, distanceEq2, Cvss4Tables.Eq2Depth(eq2) * Step, ref existing);
        sum += Proportion(value - lowerEq3Eq6, distanceEq3Eq6, Cvss4Tables.Eq3Eq6Depth(eq3, eq6) * Step, ref existing);
        sum += Proportion(value - lowerEq4, distanceEq4, Cvss4Tables.Eq4Depth(eq4) * Step, ref existing);
        sum += Proportion(value - lowerEq5, 0, 1, ref existing);
        var mean = existing == 0 ? 0 : sum / existing;
        var score = Math.Clamp(value - mean, 0, 10);
        return Math.Floor((score * 10) + 0.5) / 10;
    }

    private static double Proportion(double available, double distance, double depth, ref int existing)
    {
        if (double.IsNaN(available))
        {
            return 0;
        }

        existing++;
        return available * (distance / depth);
    }

    private static IEnumerable<string> Composed(int eq1, int eq2, int eq3, int eq4, int eq6) =>
        from a in Cvss4Tables.Eq1Maxes(eq1)
        from b in Cvss4Tables.Eq2Maxes(eq2)
        from c in Cvss4Tables.Eq3Eq6Maxes(eq3, eq6)
        from d in Cvss4Tables.Eq4Maxes(eq4)
        select $"{a}/{b}/{c}/{d}";

    private static string Macro(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) => $"{eq1}{eq2}{eq3}{eq4}{eq5}{eq6}";

    private static double Lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) =>
        Cvss4Tables.Scores.TryGetValue(Macro(eq1, eq2, eq3, eq4, eq5, eq6), out var score) ? score : double.NaN;

    // Effective value: a set environmental "M…" metric overrides the base one; E, CR, IR, AR default to the worst case.
    private static string Effective(CvssVector vector, string metric)
    {
        var value = vector.Get(metric);
        if (value == "X" && metric is "E")
        {
            return "A";
        }

        if (value == "X" && metric is "CR" or "IR" or "AR")
        {
            return "H";
        }

        var modified = vector.Get("M" + metric);
        return modified != "X" ? modified : value;
    }

    private static double Level(string metric, string value) => metric switch
    {
        "AV" => value switch { "N" => 0.0, "A" => 0.1, "L" => 0.2, _ => 0.3 },
        "PR" => value switch { "N" => 0.0, "L" => 0.1, _ => 0.2 },
        "UI" => value switch { "N" => 0.0, "P" => 0.1, _ => 0.2 },
        "AC" => value == "L" ? 0.0 : 0.1,
        "AT" => value == "N" ? 0.0 : 0.1,
        "VC" or "VI" or "VA" => value switch { "H" => 0.0, "L" => 0.1, _ => 0.2 },
        "SC" or "SI" or "SA" => value switch { "S" => 0.0, "H" => 0.1, "L" => 0.2, _ => 0.3 },
        _ => value switch { "H" => 0.0, "M" => 0.1, _ => 0.2 },
    };
}
