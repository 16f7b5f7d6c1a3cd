using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;

namespace SageKeep.Server.Registry.Scanning;

/// <summary>
/// The <c>scanGate</c> setting as a <see cref="ScanPolicy"/> and the text recorded with every verdict, so a
/// stored result always says which policy decided it (a later change of the setting does not rewrite history).
/// </summary>
internal sealed record ScanGatePolicy(ScanPolicy Policy, string Description)
{
    public static ScanGatePolicy From(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var text = setting.ToLowerInvariant();
        var unfixed = text.EndsWith(ScanGateSetting.UnfixedSuffix, StringComparison.Ordinal);
        var level = unfixed ? text[..^ScanGateSetting.UnfixedSuffix.Length] : text;
        Severity? failAt = level switch
        {
            "critical" => Severity.Critical,
            "high" => Severity.High,
            "medium" => Severity.Medium,
            "low" => Severity.Low,
            "any" => Severity.Unknown,
            "never" => null,
            _ => throw new ArgumentException($"'{setting}' is not a scan gate.", nameof(setting)),
        };
        var policy = new ScanPolicy { FailAt = failAt, FailOnlyWhenFixed = !unfixed };
        var what = failAt switch
        {
            null => "never fails",
            Severity.Unknown => "fails on any finding",
            Severity.Critical => "fails on Critical findings",
            { } s => $"fails on {s} or higher findings",
        };
        var description = failAt is null ? $"scanGate={text}: {what}" : $"scanGate={text}: {what}{(unfixed ? string.Empty : " that have a fix")}";
        return new ScanGatePolicy(policy, description);
    }
}
