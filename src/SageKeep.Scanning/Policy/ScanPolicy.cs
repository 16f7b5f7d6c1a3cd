using System.Globalization;
using SageKeep.Scanning.Matching;

namespace SageKeep.Scanning.Policy;

/// <summary>
/// A pass/fail gate over a <see cref="ScanResult"/>. Findings pass through, in order: OpenVEX statements
/// (not_affected and fixed suppress), active ignore entries (expired ones warn and no longer suppress), the
/// severity filter and the unfixed filter. The gate fails when a remaining finding is at or above
/// <see cref="FailAt"/> (and has a fix, when <see cref="FailOnlyWhenFixed"/>). The default fails on Critical or
/// High findings that have a fix.
/// </summary>
public sealed record ScanPolicy
{
    public static ScanPolicy Default { get; } = new();

    /// <summary>Severities kept; null keeps all.</summary>
    public IReadOnlySet<Severity>? Severities { get; init; }

    /// <summary>Drop findings without a fixed version (Trivy's --ignore-unfixed).</summary>
    public bool IgnoreUnfixed { get; init; }

    public IReadOnlyList<IgnoreRule> Ignores { get; init; } = [];

    public IReadOnlyList<VexStatement> Vex { get; init; } = [];

    /// <summary>The lowest severity that fails the gate; null never fails. <see cref="Severity.Unknown"/> fails on any remaining finding.</summary>
    public Severity? FailAt { get; init; } = Severity.High;

    /// <summary>Only findings with a fixed version fail the gate (nothing the image's owner can act on yet does not block).</summary>
    public bool FailOnlyWhenFixed { get; init; } = true;

    /// <summary>Fails whenever a finding remains after suppressions and filters (the CLI's --exit-code, as Trivy does).</summary>
    public static ScanPolicy FailOnAnyRemaining { get; } = new() { FailAt = Severity.Unknown, FailOnlyWhenFixed = false };

    public PolicyVerdict Evaluate(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        // Expiry is judged at scan time, so re-evaluating a stored result gives the same verdict.
        var today = DateOnly.FromDateTime(result.ScannedAt.UtcDateTime);
        var warnings = Ignores
            .Where(r => !r.IsActive(today))
            .Select(r => string.Create(CultureInfo.InvariantCulture,
                $"ignore entry {r.Id}{(r.Package is null ? string.Empty : " (" + r.Package + ")")} expired on {r.Expires:yyyy-MM-dd}: it no longer suppresses"))
            .ToList();
        var active = Ignores.Where(r => r.IsActive(today)).ToList();

        var remaining = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var finding in result.Findings)
        {
            if (VexMatcher.Find(Vex, finding, result.Inventory) is { } statement)
            {
                suppressed.Add(new SuppressedFinding(finding, SuppressionKind.Vex, VexReason(statement)));
            }
            else if (active.FirstOrDefault(r => Applies(r, finding)) is { } rule)
            {
                suppressed.Add(new SuppressedFinding(finding, SuppressionKind.Ignored, rule.Reason ?? "listed in the ignore file"));
            }
            else if (Severities is not null && !Severities.Contains(finding.Severity))
            {
                suppressed.Add(new SuppressedFinding(finding, SuppressionKind.Severity, $"severity {finding.Severity} not selected"));
            }
            else if (IgnoreUnfixed && finding.FixState != FindingFixState.Fixed)
            {
                suppressed.Add(new SuppressedFinding(finding, SuppressionKind.Unfixed, "no fixed version"));
            }
            else
            {
                remaining.Add(finding);
            }
        }

        var failing = FailAt is { } threshold
            ? remaining.Where(f => f.Severity >= threshold && (!FailOnlyWhenFixed || f.FixState == FindingFixState.Fixed)).ToList()
            : [];
        return new PolicyVerdict(failing.Count == 0, remaining, failing, suppressed, warnings);
    }

    private static bool Applies(IgnoreRule rule, Finding finding) =>
        finding.HasId(rule.Id)
        && (rule.Package is null
            || string.Equals(rule.Package, finding.PackageName, StringComparison.Ordinal)
            || string.Equals(rule.Package, finding.SourcePackage, StringComparison.Ordinal)
            || string.Equals(rule.Package, finding.Purl, StringComparison.Ordinal));

    private static string VexReason(VexStatement statement)
    {
        var status = statement.Status == VexStatus.Fixed ? "fixed" : "not_affected";
        var why = statement.Justification ?? statement.ImpactStatement;
        return why is null ? $"VEX {status} ({statement.Document})" : $"VEX {status}: {why} ({statement.Document})";
    }
}
