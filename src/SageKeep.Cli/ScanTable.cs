using System.Globalization;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Reports;
using Spectre.Console;

namespace SageKeep.Cli;

/// <summary>The scan report for people: one table grouped by package, severities in colour, totals, then suppressions.</summary>
internal static class ScanTable
{
    public static void Render(IAnsiConsole console, ScanReport report)
    {
        var result = report.Result;
        var inventory = result.Inventory;
        console.MarkupLine($"[bold]{Markup.Escape(inventory.ImageName)}[/] ({inventory.Format}{(inventory.Platform is null ? string.Empty : ", " + inventory.Platform)})");
        console.MarkupLine(inventory.Os is { } os
            ? $"OS: {Markup.Escape(os.Id)} {Markup.Escape(os.VersionId ?? string.Empty)} {Markup.Escape(os.Codename ?? string.Empty)}"
            : "OS: unknown");
        console.MarkupLine($"Database: {Markup.Escape(result.DatabaseSnapshot)}; {inventory.Packages.Count} package(s) scanned");

        if (report.Verdict.Remaining.Count > 0)
        {
            console.Write(Table(report.Verdict.Remaining.Select(f => (f, (string?)null))));
        }

        var totals = string.Join(", ", report.Totals.Select(t => $"{Colour(t.Severity, ReportText.Of(t.Severity).ToUpperInvariant())}: {t.Count}"));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Total: {report.Verdict.Remaining.Count} ({totals})"));
        if (report.Shown.Count > 0)
        {
            console.MarkupLine($"[bold]Suppressed[/] ({report.Shown.Count}):");
            console.Write(Table(report.Shown.Select(s => (s.Finding, (string?)s.Reason))));
        }

        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    private static Table Table(IEnumerable<(Finding Finding, string? Reason)> rows)
    {
        var table = new Table()
            .AddColumn("Package")
            .AddColumn("Installed")
            .AddColumn(new TableColumn("Vulnerability").NoWrap())
            .AddColumn(new TableColumn("Severity").NoWrap())
            .AddColumns("CVSS", "Fixed in", "Title");
        foreach (var group in rows.GroupBy(r => (r.Finding.PackageName, r.Finding.PackageVersion, r.Finding.PackagePath)).OrderBy(g => g.Key.PackageName, StringComparer.Ordinal))
        {
            var first = true;
            foreach (var (finding, reason) in group.OrderByDescending(r => r.Finding.Severity).ThenBy(r => r.Finding.VulnerabilityId, StringComparer.Ordinal))
            {
                var name = finding.SourcePackage is { } source && source != finding.PackageName ? $"{finding.PackageName} ({source})" : finding.PackageName;
                table.AddRow(
                    first ? Markup.Escape(name) : string.Empty,
                    first ? Markup.Escape(finding.PackageVersion) : string.Empty,
                    Markup.Escape(finding.VulnerabilityId) + (finding.Kev ? " [bold red]KEV[/]" : string.Empty),
                    Colour(finding.Severity, ReportText.Of(finding.Severity).ToUpperInvariant()),
                    finding.CvssScore?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(ReportText.Fix(finding)),
                    Markup.Escape(Shorten(reason ?? finding.Title ?? finding.Description ?? string.Empty)));
                first = false;
            }
        }

        return table;
    }

    private static string Colour(Severity severity, string text) => severity switch
    {
        Severity.Critical => $"[bold red]{text}[/]",
        Severity.High => $"[red]{text}[/]",
        Severity.Medium => $"[yellow]{text}[/]",
        Severity.Low => $"[blue]{text}[/]",
        _ => $"[grey]{text}[/]",
    };

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
