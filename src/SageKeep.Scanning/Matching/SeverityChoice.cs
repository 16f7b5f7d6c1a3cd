using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Scanning.Matching;

/// <summary>
/// Picks a finding's severity: the distribution's or advisory's own rating first (Debian urgency, an OSV
/// advisory's severity or CVSS), NVD's CVSS otherwise, and says which it used.
/// </summary>
internal static class SeverityChoice
{
    public static (Severity Severity, string Source) Choose(IReadOnlyList<Candidate> deciding, IReadOnlyList<VulnRecord> advisories, CvssDetail? nvd)
    {
        // Step 1: the distribution tracker's urgency (Debian security tracker: unimportant, low, medium, high).
        foreach (var candidate in deciding.Where(c => c.IsDistroNative))
        {
            if (FromUrgency(candidate.Match.Package.Severity) is { } urgency)
            {
                return (urgency, $"{candidate.Match.Source} urgency");
            }
        }

        // Step 2: the advisory's own rating (GHSA "MODERATE", an ecosystem-specific severity), then its CVSS.
        foreach (var record in advisories)
        {
            if (record.Severities.FirstOrDefault(s => s.Type == "advisory" && s.Severity is not null) is { } rating)
            {
                return (From(rating.Severity!.Value), $"{record.Source}:{record.Id}");
            }

            if (record.Affected.Select(a => CvssSeverityRating.Parse(a.Severity)).FirstOrDefault(s => s is not null) is { } affectedRating)
            {
                return (From(affectedRating), $"{record.Source}:{record.Id}");
            }
        }

        foreach (var record in advisories)
        {
            var cvss = record.Severities.Where(s => s.Vector is not null).Select(s => Detail(s, record.Source)).OfType<CvssDetail>().OrderBy(Rank).FirstOrDefault();
            if (cvss is not null)
            {
                return (cvss.Severity, $"{record.Source}:{record.Id} CVSS {VersionText(cvss.Version)}");
            }
        }

        // Step 3: NVD.
        return nvd is null ? (Severity.Unknown, "none") : (nvd.Severity, $"{nvd.Source} CVSS {VersionText(nvd.Version)}");
    }

    /// <summary>
    /// NVD's preferred metric: NVD's own (Primary) v3.x, then its v4.0, then a CNA's v4.0/v3.x, then v2
    /// (NVD stopped scoring v2 in 2022 and scores v3.1 for every new CVE).
    /// </summary>
    public static int Rank(CvssDetail detail) => (detail.IsPrimary ? 0 : 10) + detail.Version switch
    {
        CvssVersion.V31 => 0,
        CvssVersion.V30 => 1,
        CvssVersion.V40 => 2,
        _ => 20,
    };

    /// <summary>A stored metric with its base score recomputed by our calculator; null when the vector does not parse.</summary>
    public static CvssDetail? Detail(SeverityRating rating, string fallbackSource)
    {
        var (score, _) = CvssCalculator.Compute(rating.Vector);
        if (score is null)
        {
            return null;
        }

        var severity = score.BaseScore is { } s ? From(CvssSeverityRating.FromScore(score.Vector.Version, s)) : rating.Severity is { } r ? From(r) : Severity.Unknown;
        return new CvssDetail(rating.Source ?? fallbackSource, rating.IsPrimary, score.Vector.Version, score.Vector.Text, score.BaseScore, rating.BaseScore,
            severity, score.Confidentiality, score.Integrity, score.Availability);
    }

    public static string VersionText(CvssVersion version) => version switch
    {
        CvssVersion.V2 => "2.0",
        CvssVersion.V30 => "3.0",
        CvssVersion.V31 => "3.1",
        _ => "4.0",
    };

    public static Severity From(CvssSeverity severity) => severity switch
    {
        CvssSeverity.None => Severity.None,
        CvssSeverity.Low => Severity.Low,
        CvssSeverity.Medium => Severity.Medium,
        CvssSeverity.High => Severity.High,
        _ => Severity.Critical,
    };

    /// <summary>Debian tracker urgencies ("low*" and "low**" mark guesses); "not yet assigned" and "end-of-life" rate nothing.</summary>
    private static Severity? FromUrgency(string? urgency) => urgency?.TrimEnd('*').Trim().ToLowerInvariant() switch
    {
        "unimportant" or "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        _ => null,
    };
}
