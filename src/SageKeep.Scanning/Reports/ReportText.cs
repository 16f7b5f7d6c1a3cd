using System.Reflection;
using SageKeep.Scanning.Cvss;
using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Reports;

/// <summary>The stable spellings every report uses (docs/scan-report.md).</summary>
public static class ReportText
{
    public const string ToolName = "sagekeep";

    public static string ToolVersion { get; } =
        typeof(ReportText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Of(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        Severity.None => "none",
        _ => "unknown",
    };

    public static string Of(FindingFixState state) => state switch
    {
        FindingFixState.Fixed => "fixed",
        FindingFixState.NotFixed => "not-fixed",
        FindingFixState.WontFix => "will-not-fix",
        FindingFixState.EndOfLife => "end-of-life",
        _ => "undetermined",
    };

    public static string Of(CvssImpact impact) => impact switch
    {
        CvssImpact.High => "high",
        CvssImpact.Low => "low",
        _ => "none",
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The fix column of the table and HTML report: the version, or the reason there is none.</summary>
    public static string Fix(Finding finding) => finding.FixState == FindingFixState.Fixed && finding.FixedVersion is { } version ? version : finding.FixState switch
    {
        FindingFixState.NotFixed => "no fix yet",
        FindingFixState.WontFix => "will not fix",
        FindingFixState.EndOfLife => "end-of-life",
        _ => "undetermined",
    };
}
