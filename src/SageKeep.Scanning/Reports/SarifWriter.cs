using System.Globalization;
using System.Text.Json;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;

namespace SageKeep.Scanning.Reports;

/// <summary>
/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format): one rule per vulnerability, one result per
/// (package, vulnerability) located at the package database file; VEX and ignore-file suppressions become
/// SARIF suppressions (kind "external", section 3.35). Levels and the "security-severity" rule property follow
/// what code-scanning UIs read (GitHub: security-severity is the CVSS score as text).
/// </summary>
internal static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(ScanReport report, Utf8JsonWriter writer)
    {
        var findings = report.Verdict.Remaining.Select(f => (Finding: f, Suppression: (SuppressedFinding?)null))
            .Concat(report.Shown.Select(s => (s.Finding, Suppression: (SuppressedFinding?)s)))
            .ToList();
        var rules = findings.Select(f => f.Finding).DistinctBy(f => f.VulnerabilityId).ToList();
        var ruleIndex = rules.Select((f, i) => (f.VulnerabilityId, i)).ToDictionary(x => x.VulnerabilityId, x => x.i, StringComparer.Ordinal);

        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", ReportText.ToolName);
        writer.WriteString("version", ReportText.ToolVersion);
        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(writer, rule);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        foreach (var (finding, suppression) in findings)
        {
            WriteResult(writer, finding, suppression, ruleIndex[finding.VulnerabilityId]);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("properties");
        writer.WriteString("image", report.Result.Inventory.ImageName);
        writer.WriteString("databaseSnapshot", report.Result.DatabaseSnapshot);
        writer.WriteBoolean("gatePassed", report.Verdict.Passed);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter writer, Finding finding)
    {
        writer.WriteStartObject();
        writer.WriteString("id", finding.VulnerabilityId);
        writer.WriteString("name", "Vulnerability");
        writer.WriteStartObject("shortDescription");
        writer.WriteString("text", finding.Title ?? $"{finding.VulnerabilityId} ({ReportText.Of(finding.Severity)})");
        writer.WriteEndObject();
        writer.WriteStartObject("fullDescription");
        writer.WriteString("text", finding.Description ?? finding.VulnerabilityId);
        writer.WriteEndObject();
        writer.WriteString("helpUri", finding.Uri);
        writer.WriteStartObject("help");
        writer.WriteString("text", $"{finding.VulnerabilityId}: {finding.Description ?? "see " + finding.Uri}");
        writer.WriteEndObject();
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(finding.Severity));
        writer.WriteEndObject();
        writer.WriteStartObject("properties");
        writer.WriteStartArray("tags");
        writer.WriteStringValue("security");
        writer.WriteStringValue("vulnerability");
        writer.WriteStringValue(ReportText.Of(finding.Severity));
        writer.WriteEndArray();
        if (finding.CvssScore is { } score)
        {
            writer.WriteString("security-severity", score.ToString("0.0", CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, Finding finding, SuppressedFinding? suppression, int ruleIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.VulnerabilityId);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(finding.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text",
            $"{finding.PackageName} {finding.PackageVersion} is affected by {finding.VulnerabilityId} ({ReportText.Of(finding.Severity)}); fix: {ReportText.Fix(finding)}");
        writer.WriteEndObject();
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", finding.PackagePath.TrimStart('/'));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("logicalLocations");
        writer.WriteStartObject();
        writer.WriteString("name", finding.PackageName);
        writer.WriteString("fullyQualifiedName", finding.Purl);
        writer.WriteString("kind", "package");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString("sagekeep/v1", $"{finding.VulnerabilityId}|{finding.Purl}|{finding.PackagePath}");
        writer.WriteEndObject();
        if (suppression is not null)
        {
            writer.WriteStartArray("suppressions");
            writer.WriteStartObject();
            writer.WriteString("kind", "external");
            writer.WriteString("state", "accepted");
            writer.WriteString("justification", suppression.Reason);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("properties");
        writer.WriteString("severity", ReportText.Of(finding.Severity));
        writer.WriteString("severitySource", finding.SeveritySource);
        writer.WriteString("fixState", ReportText.Of(finding.FixState));
        if (finding.FixedVersion is not null)
        {
            writer.WriteString("fixedVersion", finding.FixedVersion);
        }

        writer.WriteBoolean("kev", finding.Kev);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>SARIF levels: error for critical/high, warning for medium, note below.</summary>
    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}
