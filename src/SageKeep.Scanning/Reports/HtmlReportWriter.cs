using System.Globalization;
using System.Net;
using System.Text;
using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Reports;

/// <summary>
/// A self-contained HTML report: no scripts, no external resources (inline CSS and an inline SVG bar chart of
/// the remaining findings per severity), every text HTML-encoded.
/// </summary>
internal static class HtmlReportWriter
{
    private static readonly Dictionary<Severity, string> Colours = new()
    {
        [Severity.Critical] = "#8b0000",
        [Severity.High] = "#d9381e",
        [Severity.Medium] = "#e69500",
        [Severity.Low] = "#2f7ebc",
        [Severity.None] = "#6b8e23",
        [Severity.Unknown] = "#808080",
    };

    public static string Write(ScanReport report)
    {
        var result = report.Result;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Vulnerability report: {E(result.Inventory.ImageName)}</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;margin:1em 0}"
            + "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;font-size:90%}th{background:#eee}"
            + ".sev{color:#fff;padding:1px 6px;border-radius:3px;font-weight:bold}.warn{color:#a15c00}code{font-size:90%}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Vulnerability report: {E(result.Inventory.ImageName)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Scanned {E(ReportText.Time(result.ScannedAt))} with {ReportText.ToolName} {E(ReportText.ToolVersion)}; ");
        html.Append(CultureInfo.InvariantCulture, $"OS {E(result.Inventory.Os is { } os ? $"{os.Id} {os.VersionId}" : "unknown")}; {result.Inventory.Packages.Count} packages; ");
        html.Append(CultureInfo.InvariantCulture, $"database snapshot <code>{E(result.DatabaseSnapshot)}</code>.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Gate: <strong>{(report.Verdict.Passed ? "passed" : "FAILED")}</strong> — {report.Verdict.Remaining.Count} finding(s), {report.Verdict.Failing.Count} failing, {report.Shown.Count} suppressed.</p>");
        foreach (var warning in report.Warnings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">Warning: {E(warning)}</p>");
        }

        html.Append(Chart(report.Totals));
        html.Append("<h2>Findings</h2>");
        FindingsTable(html, report.Verdict.Remaining.Select(f => (f, (string?)null)));
        if (report.Shown.Count > 0)
        {
            html.Append("<h2>Suppressed</h2>");
            FindingsTable(html, report.Shown.Select(s => (s.Finding, (string?)s.Reason)));
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>A horizontal bar per severity, scaled to the largest count.</summary>
    private static string Chart(IReadOnlyList<(Severity Severity, int Count)> totals)
    {
        const int barMax = 360;
        const int row = 26;
        var max = Math.Max(1, totals.Max(t => t.Count));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Findings per severity\" width=\"520\" height=\"{(totals.Count * row) + 10}\">");
        for (var i = 0; i < totals.Count; i++)
        {
            var (severity, count) = totals[i];
            var y = (i * row) + 5;
            var width = count == 0 ? 0 : Math.Max(2, count * barMax / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\" font-size=\"13\">{ReportText.Of(severity)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"90\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"{Colours[severity]}\"><title>{ReportText.Of(severity)}: {count}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{96 + width}\" y=\"{y + 16}\" font-size=\"13\">{count}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void FindingsTable(StringBuilder html, IEnumerable<(Finding Finding, string? Reason)> rows)
    {
        html.Append("<table><thead><tr><th>Package</th><th>Version</th><th>Vulnerability</th><th>Severity</th><th>CVSS</th><th>Fix</th><th>Details</th></tr></thead><tbody>");
        foreach (var (finding, reason) in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(finding.PackageName)}{(finding.SourcePackage is { } source && source != finding.PackageName ? $" <small>({E(source)})</small>" : string.Empty)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(finding.PackageVersion)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><a href=\"{E(finding.Uri)}\">{E(finding.VulnerabilityId)}</a>{(finding.Aliases.Count > 0 ? "<br><small>" + E(string.Join(", ", finding.Aliases)) + "</small>" : string.Empty)}{(finding.Kev ? " <strong>KEV</strong>" : string.Empty)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><span class=\"sev\" style=\"background:{Colours[finding.Severity]}\">{ReportText.Of(finding.Severity)}</span><br><small>{E(finding.SeveritySource)}</small></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(finding.CvssScore is { } score ? score.ToString("0.0", CultureInfo.InvariantCulture) : "-")}{(finding.CvssVector is { } vector ? "<br><small>" + E(vector) + "</small>" : string.Empty)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(ReportText.Fix(finding))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(reason ?? Shorten(finding.Title ?? finding.Description ?? string.Empty))}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
