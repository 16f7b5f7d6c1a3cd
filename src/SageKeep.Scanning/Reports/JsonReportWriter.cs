using System.Text.Json;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;

namespace SageKeep.Scanning.Reports;

/// <summary>
/// The JSON report, schema "sagekeep-scan/1" (docs/scan-report.md). Stable: members are only ever added; a
/// change of meaning gets a new schema name.
/// </summary>
internal static class JsonReportWriter
{
    public const string Schema = "sagekeep-scan/1";

    public static void Write(ScanReport report, Utf8JsonWriter writer)
    {
        var result = report.Result;
        var inventory = result.Inventory;
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteStartObject("tool");
        writer.WriteString("name", ReportText.ToolName);
        writer.WriteString("version", ReportText.ToolVersion);
        writer.WriteEndObject();
        writer.WriteString("scannedAt", ReportText.Time(result.ScannedAt));

        writer.WriteStartObject("image");
        writer.WriteString("name", inventory.ImageName);
        writer.WriteString("format", inventory.Format.ToString());
        Optional(writer, "manifestDigest", inventory.ManifestDigest);
        Optional(writer, "configDigest", inventory.ConfigDigest);
        Optional(writer, "platform", inventory.Platform?.ToString());
        if (inventory.Os is { } os)
        {
            writer.WriteStartObject("os");
            writer.WriteString("id", os.Id);
            Optional(writer, "version", os.VersionId);
            Optional(writer, "codename", os.Codename);
            writer.WriteEndObject();
        }

        writer.WriteNumber("packages", inventory.Packages.Count);
        writer.WriteEndObject();

        writer.WriteStartObject("database");
        writer.WriteString("snapshot", result.DatabaseSnapshot);
        if (result.DatabaseUpdatedAt is { } updated)
        {
            writer.WriteString("updatedAt", ReportText.Time(updated));
        }

        writer.WriteEndObject();

        writer.WriteStartObject("summary");
        writer.WriteNumber("findings", report.Verdict.Remaining.Count);
        writer.WriteNumber("suppressed", report.Shown.Count);
        writer.WriteStartObject("bySeverity");
        foreach (var (severity, count) in report.Totals)
        {
            writer.WriteNumber(ReportText.Of(severity), count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("gate");
        writer.WriteBoolean("passed", report.Verdict.Passed);
        writer.WriteStartArray("failing");
        foreach (var finding in report.Verdict.Failing)
        {
            writer.WriteStringValue($"{finding.VulnerabilityId} {finding.PackageName}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartArray("findings");
        foreach (var finding in report.Verdict.Remaining)
        {
            WriteFinding(writer, finding, null);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("suppressed");
        foreach (var suppressed in report.Shown)
        {
            WriteFinding(writer, suppressed.Finding, suppressed);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var warning in report.Warnings)
        {
            writer.WriteStringValue(warning);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, Finding finding, SuppressedFinding? suppressed)
    {
        writer.WriteStartObject();
        writer.WriteString("id", finding.VulnerabilityId);
        Strings(writer, "aliases", finding.Aliases);
        writer.WriteStartObject("package");
        writer.WriteString("name", finding.PackageName);
        writer.WriteString("version", finding.PackageVersion);
        writer.WriteString("type", finding.PackageType);
        writer.WriteString("purl", finding.Purl);
        writer.WriteString("path", finding.PackagePath);
        Optional(writer, "layer", finding.LayerDigest);
        Optional(writer, "sourcePackage", finding.SourcePackage);
        writer.WriteEndObject();
        writer.WriteString("matchedNamespace", finding.MatchedNamespace);
        Strings(writer, "matchedBy", finding.MatchedBy);
        writer.WriteString("severity", ReportText.Of(finding.Severity));
        writer.WriteString("severitySource", finding.SeveritySource);
        if (finding.CvssVector is not null)
        {
            writer.WriteStartObject("cvss");
            if (finding.CvssScore is { } score)
            {
                writer.WriteNumber("score", score);
            }

            writer.WriteString("vector", finding.CvssVector);
            writer.WriteEndObject();
        }

        writer.WriteStartArray("cvssMetrics");
        foreach (var metric in finding.Cvss)
        {
            writer.WriteStartObject();
            writer.WriteString("source", metric.Source);
            writer.WriteBoolean("primary", metric.IsPrimary);
            writer.WriteString("version", SeverityChoice.VersionText(metric.Version));
            writer.WriteString("vector", metric.Vector);
            if (metric.BaseScore is { } baseScore)
            {
                writer.WriteNumber("score", baseScore);
            }

            if (metric.PublishedScore is { } published)
            {
                writer.WriteNumber("publishedScore", published);
            }

            writer.WriteString("severity", ReportText.Of(metric.Severity));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (finding.Confidentiality is { } c && finding.Integrity is { } i && finding.Availability is { } a)
        {
            writer.WriteStartObject("impact");
            writer.WriteString("confidentiality", ReportText.Of(c));
            writer.WriteString("integrity", ReportText.Of(i));
            writer.WriteString("availability", ReportText.Of(a));
            writer.WriteEndObject();
        }

        Strings(writer, "cwes", finding.Cwes);
        writer.WriteStartObject("fix");
        writer.WriteString("state", ReportText.Of(finding.FixState));
        Optional(writer, "fixedVersion", finding.FixedVersion);
        Strings(writer, "patchReferences", finding.PatchReferences);
        writer.WriteEndObject();
        Optional(writer, "title", finding.Title);
        Optional(writer, "description", finding.Description);
        writer.WriteString("uri", finding.Uri);
        writer.WriteStartArray("references");
        foreach (var reference in finding.References)
        {
            writer.WriteStartObject();
            writer.WriteString("url", reference.Url);
            Strings(writer, "tags", reference.Tags);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("kev");
        writer.WriteBoolean("listed", finding.Kev);
        Optional(writer, "dateAdded", finding.KevAddedDate);
        writer.WriteEndObject();
        if (finding.Published is { } publishedAt)
        {
            writer.WriteString("published", ReportText.Time(publishedAt));
        }

        if (finding.Modified is { } modified)
        {
            writer.WriteString("modified", ReportText.Time(modified));
        }

        if (suppressed is not null)
        {
            writer.WriteStartObject("suppression");
            writer.WriteString("kind", suppressed.Kind == SuppressionKind.Vex ? "vex" : "ignored");
            writer.WriteString("reason", suppressed.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
