using System.CommandLine;
using SageKeep.Scanning.Images;
using SageKeep.Scanning.Matching;
using SageKeep.Scanning.Policy;
using SageKeep.Scanning.Reports;
using SageKeep.Scanning.VulnDb;
using Spectre.Console;

namespace SageKeep.Cli;

/// <summary>One run of <c>sagekeep scan</c>: arguments checked before any work, then inventory, match, policy, report.</summary>
internal static class ScanRun
{
    private const int Failed = 1;
    private const int BadArguments = 2;
    private const int FileTableWidth = 200;

    public static async Task<int> RunAsync(ParseResult parseResult, ImageArguments image, ScanGateOptions gate, CancellationToken cancellationToken)
    {
        var platform = image.Platform;
        // Step 1: everything that can be wrong with the arguments, before a long scan.
        var format = ScanGateOptions.ParseFormat(parseResult.GetValue(gate.Format)!);
        var (severities, severityError) = ScanGateOptions.ParseSeverities(parseResult.GetValue(gate.Severity));
        var maxAge = ScanGateOptions.ParseAge(parseResult.GetValue(gate.DbMaxAge)!);
        if (severityError is not null || maxAge is null || (platform is not null && ImagePlatform.Parse(platform) is null))
        {
            await Console.Error.WriteLineAsync("error: " + (severityError
                ?? (maxAge is null ? $"--db-max-age '{parseResult.GetValue(gate.DbMaxAge)}' is not a duration (7d, 36h, 90m, 0)" : $"--platform '{platform}' is not os/arch[/variant]"))).ConfigureAwait(false);
            return BadArguments;
        }

        var inventoryOnly = parseResult.GetValue(gate.InventoryOnly);
        ScanPolicy policy;
        try
        {
            policy = gate.Policy(parseResult, severities);
        }
        catch (PolicyFileException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return Failed;
        }

        var dbPath = parseResult.GetValue(gate.Db)!;
        if (!inventoryOnly && !File.Exists(dbPath))
        {
            await Console.Error.WriteLineAsync($"error: no vulnerability database at {dbPath}: import feeds with 'sagekeep db import', or use --inventory-only").ConfigureAwait(false);
            return Failed;
        }

        // Step 2: the inventory.
        var outcome = await ScanCommand.BuildAsync(image, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            return BadArguments;
        }

        if (!outcome.Succeeded)
        {
            await Console.Error.WriteLineAsync($"error: {outcome.Error}").ConfigureAwait(false);
            return Failed;
        }

        if (inventoryOnly)
        {
            ScanCommand.RenderInventory(outcome.Inventory);
            return 0;
        }

        // Step 3: match, apply the policy, report.
        var (database, error) = await VulnDatabase.OpenAsync(dbPath, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (database is null)
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return Failed;
        }

        ScanResult result;
        await using (database.ConfigureAwait(false))
        {
            var scanner = new VulnerabilityScanner(database, TimeProvider.System) { MaxDatabaseAge = maxAge.Value };
            result = await scanner.MatchAsync(outcome.Inventory, cancellationToken).ConfigureAwait(false);
        }

        var report = new ScanReport(result, policy.Evaluate(result));
        await WriteAsync(report, format, parseResult.GetValue(gate.Output)).ConfigureAwait(false);
        if (format != ReportFormat.Table || parseResult.GetValue(gate.Output) is not null)
        {
            // Machine formats carry the warnings inside; people still need to see them.
            foreach (var warning in report.Warnings)
            {
                await Console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }
        }

        return report.Verdict.Remaining.Count > 0 ? parseResult.GetValue(gate.ExitCode) : 0;
    }

    private static async Task WriteAsync(ScanReport report, ReportFormat format, string? output)
    {
        if (format == ReportFormat.Table)
        {
            if (output is null)
            {
                ScanTable.Render(AnsiConsole.Console, report);
                return;
            }

            await using var file = new StreamWriter(output);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(file), ColorSystem = ColorSystemSupport.NoColors, Ansi = AnsiSupport.No });

            // A file has no terminal width: wide enough that rows are not wrapped into several lines.
            console.Profile.Width = FileTableWidth;
            ScanTable.Render(console, report);
            return;
        }

        if (output is null)
        {
            using var stdout = Console.OpenStandardOutput();
            ReportWriter.Write(report, format, stdout);
            return;
        }

        await using var stream = File.Create(output);
        ReportWriter.Write(report, format, stream);
    }
}
