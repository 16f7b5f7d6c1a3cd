using System.Text.Json;
using SageKeep.Scanning.Cvss;
using static SageKeep.Scanning.VulnDb.JsonFields;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// NVD CVE API 2.0 JSON (nvd.nist.gov/developers/vulnerabilities): single <c>{"cve": {…}}</c> records, and
/// API pages and 2.0 feed files <c>{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [{"cve": {…}}]}</c>,
/// streamed one CVE at a time.
/// </summary>
internal sealed class NvdParser : IFeedParser
{
    public const string SourceName = "nvd";

    private static readonly HashSet<string> Descend = new(StringComparer.Ordinal) { "vulnerabilities" };

    private static readonly (string Property, string Type)[] MetricKinds =
    [
        ("cvssMetricV40", "CVSS_V4"), ("cvssMetricV31", "CVSS_V3"), ("cvssMetricV30", "CVSS_V3"), ("cvssMetricV2", "CVSS_V2"),
    ];

    public IEnumerable<VulnRecord> Read(Stream stream, string fileName, FeedLimits limits)
    {
        using var reader = new JsonFeedReader(stream, fileName, Descend, limits);
        var index = 0;
        while (reader.Next() is var (name, document))
        {
            using (document)
            {
                var root = document.RootElement;
                switch (name)
                {
                    case "cve":
                        yield return Parse(root, fileName, limits);
                        break;
                    case "vulnerabilities":
                        var where = $"{fileName}: vulnerabilities[{index++}]";
                        var cve = root.ValueKind == JsonValueKind.Object ? Obj(root, "cve", where) : null;
                        yield return Parse(cve ?? throw new FeedException($"{where}: expected an object with 'cve'"), where, limits);
                        break;
                    case "version" when root.ValueKind != JsonValueKind.String || !(root.GetString() ?? "").StartsWith("2.", StringComparison.Ordinal):
                        throw new FeedException($"{fileName}: unsupported NVD format version {root.GetRawText()} (2.x is supported)");
                    case "CVE_Items":
                        throw new FeedException($"{fileName}: NVD JSON 1.1 feeds (CVE_Items) are retired; use the CVE API 2.0 format");
                    default:
                        break;
                }
            }
        }
    }

    public static VulnRecord Parse(JsonElement cve, string where, FeedLimits limits)
    {
        if (cve.ValueKind != JsonValueKind.Object)
        {
            throw new FeedException($"{where}: 'cve' must be an object");
        }

        var id = RequiredStr(cve, "id", where);
        where = $"{where} ({Shorten(id)})";
        var modified = Time(cve, "lastModified", where);

        var description = Objects(cve, "descriptions", where, limits)
            .FirstOrDefault(d => Str(d, "lang", where) == "en") is { ValueKind: JsonValueKind.Object } en ? Str(en, "value", where) : null;

        var severities = new List<SeverityRating>();
        if (Obj(cve, "metrics", where) is { } metrics)
        {
            foreach (var (property, type) in MetricKinds)
            {
                foreach (var metric in Objects(metrics, property, where, limits))
                {
                    severities.Add(Metric(metric, type, where));
                }
            }
        }

        var weaknesses = new List<string>();
        foreach (var weakness in Objects(cve, "weaknesses", where, limits))
        {
            foreach (var entry in Objects(weakness, "description", where, limits))
            {
                if (Str(entry, "value", where) is { } cwe && !weaknesses.Contains(cwe))
                {
                    weaknesses.Add(cwe);
                }
            }
        }

        var references = new List<VulnReference>();
        foreach (var reference in Objects(cve, "references", where, limits))
        {
            references.Add(new VulnReference(RequiredStr(reference, "url", where), Strings(reference, "tags", where, limits)));
        }

        var matches = new List<CpeMatch>();
        foreach (var configuration in Objects(cve, "configurations", where, limits))
        {
            foreach (var node in Objects(configuration, "nodes", where, limits))
            {
                foreach (var match in Objects(node, "cpeMatch", where, limits))
                {
                    if (Match(match, where) is { } parsed)
                    {
                        matches.Add(parsed);
                    }
                }
            }
        }

        // "Rejected" CVEs are withdrawn: NVD keeps them with a REJECT description.
        var withdrawn = Str(cve, "vulnStatus", where) == "Rejected" ? modified : null;
        return new VulnRecord(
            SourceName,
            id,
            Time(cve, "published", where),
            modified,
            withdrawn,
            description,
            null,
            [],
            [],
            severities,
            weaknesses,
            references,
            matches,
            Str(cve, "cisaExploitAdd", where));
    }

    private static SeverityRating Metric(JsonElement metric, string type, string where)
    {
        var data = Obj(metric, "cvssData", where) ?? throw new FeedException($"{where}: a CVSS metric has no 'cvssData'");
        var vector = RequiredStr(data, "vectorString", where);
        var parsed = CvssVectorParser.Parse(vector);
        if (parsed.Vector is null)
        {
            throw new FeedException($"{where}: {parsed.Error}");
        }

        // NVD's published score is what is stored; tests prove our calculator agrees with it.
        var computed = CvssCalculator.Compute(parsed.Vector);
        var score = Num(data, "baseScore", where) ?? computed.BaseScore;
        var severity = CvssSeverityRating.Parse(Str(data, "baseSeverity", where) ?? Str(metric, "baseSeverity", where))
            ?? (score is { } s ? CvssSeverityRating.FromScore(parsed.Vector.Version, s) : null);
        return new SeverityRating(type, Str(metric, "source", where), Str(metric, "type", where) == "Primary", parsed.Vector.Text,
            score, severity, null, computed.Confidentiality, computed.Integrity, computed.Availability);
    }

    /// <summary>The match, or null when its criteria is not a well-formed CPE: NVD has published some with unescaped colons.</summary>
    private static CpeMatch? Match(JsonElement match, string where)
    {
        var criteria = RequiredStr(match, "criteria", where);

        // CPE 2.3 formatted string (NISTIR 7695 section 6.2): cpe:2.3:part:vendor:product:version:…; "\:" escapes a colon.
        var fields = SplitCpe(criteria);
        if (fields.Count != 13 || fields[0] != "cpe" || fields[1] != "2.3")
        {
            return null;
        }

        return new CpeMatch(criteria, Bool(match, "vulnerable", where) ?? true, fields[3], fields[4], fields[5],
            Str(match, "versionStartIncluding", where), Str(match, "versionStartExcluding", where),
            Str(match, "versionEndIncluding", where), Str(match, "versionEndExcluding", where));
    }

    private static List<string> SplitCpe(string cpe)
    {
        var fields = new List<string>();
        var start = 0;
        for (var i = 0; i < cpe.Length; i++)
        {
            if (cpe[i] == '\\')
            {
                i++;
            }
            else if (cpe[i] == ':')
            {
                fields.Add(cpe[start..i]);
                start = i + 1;
            }
        }

        fields.Add(cpe[start..]);
        return fields;
    }
}
