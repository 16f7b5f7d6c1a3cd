using System.CommandLine;
using System.Globalization;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;
using SageKeep.Scanning.Reports;
using SageKeep.Scanning.VulnDb;

namespace SageKeep.Cli;

/// <summary>The vulnerability options of <c>sagekeep scan</c>: database, report format, filters and the gate.</summary>
internal sealed class ScanGateOptions
{
    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "table (default), json (schema sagekeep-scan/1), sarif (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 with vulnerabilities) or html.",
        DefaultValueFactory = _ => "table",
    };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to this file instead of standard output." };

    public Option<string> Db { get; } = new("--db")
    {
        Description = "Vulnerability database file (see 'sagekeep db import').",
        DefaultValueFactory = _ => Path.Combine(".sagekeep", VulnDatabase.DefaultFileName),
    };

    public Option<string?> Severity { get; } = new("--severity", "-s") { Description = "Report only these severities, comma-separated: CRITICAL,HIGH,MEDIUM,LOW,NONE,UNKNOWN." };

    public Option<bool> IgnoreUnfixed { get; } = new("--ignore-unfixed") { Description = "Leave out findings that have no fixed version." };

    public Option<int> ExitCode { get; } = new("--exit-code") { Description = "Exit with this code when findings remain after filters, ignore file and VEX (default 0)." };

    public Option<string?> IgnoreFile { get; } = new("--ignore-file")
    {
        Description = "Ignore file (YAML, or plain lines 'ID [package=NAME] [expires=YYYY-MM-DD] [reason=TEXT]'); default ./.sagekeepignore when present.",
    };

    public Option<string[]> Vex { get; } = new("--vex") { Description = "OpenVEX documents: not_affected and fixed statements suppress findings.", AllowMultipleArgumentsPerToken = true };

    public Option<string> DbMaxAge { get; } = new("--db-max-age")
    {
        Description = "Warn when the database's newest data is older than this: 7d, 36h, 0 = never (default 7d).",
        DefaultValueFactory = _ => "7d",
    };

    public Option<bool> InventoryOnly { get; } = new("--inventory-only") { Description = "List the packages only, without vulnerability matching." };

    public IEnumerable<Option> All => [Format, Output, Db, Severity, IgnoreUnfixed, ExitCode, IgnoreFile, Vex, DbMaxAge, InventoryOnly];

    public ScanGateOptions() => Format.AcceptOnlyFromAmong("table", "json", "sarif", "cyclonedx", "html");

    public static ReportFormat ParseFormat(string text) => text switch
    {
        "json" => ReportFormat.Json,
        "sarif" => ReportFormat.Sarif,
        "cyclonedx" => ReportFormat.CycloneDx,
        "html" => ReportFormat.Html,
        _ => ReportFormat.Table,
    };

    /// <summary>"7d", "36h", "90m" or "0"; null when the text is none of these.</summary>
    public static TimeSpan? ParseAge(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return text[^1] switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            _ => null,
        };
    }

    /// <summary>The severity set of --severity, or an error naming the bad entry.</summary>
    public static (HashSet<Severity>? Severities, string? Error) ParseSeverities(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var set = new HashSet<Severity>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Severity>(part, ignoreCase: true, out var severity) || !Enum.IsDefined(severity) || int.TryParse(part, CultureInfo.InvariantCulture, out _))
            {
                return (null, $"--severity: '{part}' is not one of CRITICAL, HIGH, MEDIUM, LOW, NONE, UNKNOWN");
            }

            set.Add(severity);
        }

        return (set, null);
    }

    /// <summary>Builds the policy from the options; throws <see cref="PolicyFileException"/> for unusable files.</summary>
    public ScanPolicy Policy(ParseResult parseResult, HashSet<Severity>? severities)
    {
        var ignorePath = parseResult.GetValue(IgnoreFile) ?? (File.Exists(".sagekeepignore") ? ".sagekeepignore" : null);
        var ignores = ignorePath is null ? [] : IgnoreFileParser.Load(ignorePath);
        var vex = (parseResult.GetValue(Vex) ?? []).SelectMany(OpenVexParser.Load).ToList();
        return ScanPolicy.FailOnAnyRemaining with
        {
            Severities = severities,
            IgnoreUnfixed = parseResult.GetValue(IgnoreUnfixed),
            Ignores = ignores,
            Vex = vex,
        };
    }
}
