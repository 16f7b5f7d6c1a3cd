using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;

namespace SageKeep.Scanning.Reports;

/// <summary>
/// What a report shows: the scan, and the policy's verdict over it (remaining findings, the gate, and the findings
/// suppressed by VEX or the ignore file with why; findings only filtered out by severity or fix state are left out).
/// </summary>
public sealed record ScanReport(ScanResult Result, PolicyVerdict Verdict)
{
    /// <summary>A report of every finding, with no policy applied (nothing suppressed, no gate).</summary>
    public static ScanReport Unfiltered(ScanResult result) =>
        new(result, new ScanPolicy { FailAt = null }.Evaluate(result));

    /// <summary>Suppressions a reader must see: VEX statements and ignore entries, with their justification.</summary>
    public IReadOnlyList<SuppressedFinding> Shown =>
        Verdict.Suppressed.Where(s => s.Kind is SuppressionKind.Vex or SuppressionKind.Ignored).ToList();

    /// <summary>Warnings of the scan and of the policy.</summary>
    public IReadOnlyList<string> Warnings => [.. Result.Warnings, .. Verdict.Warnings];

    /// <summary>Remaining findings per severity, highest first, every severity present (zero when none).</summary>
    public IReadOnlyList<(Severity Severity, int Count)> Totals =>
        Enum.GetValues<Severity>().Reverse().Select(s => (s, Verdict.Remaining.Count(f => f.Severity == s))).ToList();
}
