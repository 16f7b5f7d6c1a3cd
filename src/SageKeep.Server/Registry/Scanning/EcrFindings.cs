using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.Matching;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// A <see cref="ScanResult"/> in ECR's basic-scan shape (ECR API reference, "ImageScanFinding"): name, description,
/// uri, severity, attributes <c>package_name</c>, <c>package_version</c>, <c>CVSS2_SCORE</c>/<c>CVSS2_VECTOR</c>,
/// <c>CVSS3_SCORE</c>/<c>CVSS3_VECTOR</c> (and the fixed version, which basic scanning reports as an extra
/// attribute), and findingSeverityCounts keyed by ECR's FindingSeverity names.
/// </summary>
internal static class EcrFindings
{
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Critical => "CRITICAL",
        Severity.High => "HIGH",
        Severity.Medium => "MEDIUM",
        Severity.Low => "LOW",
        Severity.None => "INFORMATIONAL",
        _ => "UNDEFINED",
    };

    public static ScanDocument ToDocument(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var findings = new JsonArray();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var finding in result.Findings)
        {
            findings.Add(ToFinding(finding));
            var name = SeverityName(finding.Severity);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        var countObject = new JsonObject();
        foreach (var (name, count) in counts)
        {
            countObject[name] = count;
        }

        return new ScanDocument(findings, countObject, result.DatabaseUpdatedAt);
    }

    private static JsonObject ToFinding(Finding finding)
    {
        var attributes = new JsonArray
        {
            Attribute("package_version", finding.PackageVersion),
            Attribute("package_name", finding.PackageName),
        };
        AddCvss(attributes, finding, "CVSS2", v => v == CvssVersion.V2);
        AddCvss(attributes, finding, "CVSS3", v => v is CvssVersion.V30 or CvssVersion.V31);
        if (finding.FixedVersion is { } fixedVersion)
        {
            attributes.Add(Attribute("fixed_version", fixedVersion));
        }

        var result = new JsonObject
        {
            ["name"] = finding.VulnerabilityId,
            ["uri"] = finding.Uri,
            ["severity"] = SeverityName(finding.Severity),
            ["attributes"] = attributes,
        };
        if ((finding.Description ?? finding.Title) is { } description)
        {
            result["description"] = description;
        }

        return result;
    }

    private static void AddCvss(JsonArray attributes, Finding finding, string prefix, Func<CvssVersion, bool> version)
    {
        var chosen = finding.Cvss.Where(c => version(c.Version)).OrderByDescending(c => c.IsPrimary).FirstOrDefault();
        if (chosen is null)
        {
            return;
        }

        if ((chosen.BaseScore ?? chosen.PublishedScore) is { } score)
        {
            attributes.Add(Attribute(prefix + "_SCORE", score.ToString("0.0", CultureInfo.InvariantCulture)));
        }

        attributes.Add(Attribute(prefix + "_VECTOR", chosen.Vector));
    }

    private static JsonObject Attribute(string key, string value) => new() { ["key"] = key, ["value"] = value };
}
