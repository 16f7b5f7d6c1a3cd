using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SageKeep.Scanning.VulnDb;
using Spectre.Console;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep db import FILES… | db status | db prune</c>: the offline vulnerability database. Failures end
/// with exit code 1 and one line on stderr; the database is unchanged by a failed import or prune.
/// </summary>
internal static class DbCommand
{
    public const int Failed = 1;

    private static readonly JsonSerializerOptions StatusJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static void AddTo(RootCommand root) => root.Subcommands.Add(Create());

    public static Command Create()
    {
        var command = new Command("db", "Manage the offline vulnerability database.");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Prune());
        return command;
    }

    private static Option<string> DbOption() => new("--db")
    {
        Description = "Database file",
        DefaultValueFactory = _ => Path.Combine(".sagekeep", VulnDatabase.DefaultFileName),
    };

    private static Command Import()
    {
        var files = new Argument<string[]>("files") { Description = "Feed files, directories of OSV records, or OSV zip exports", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string?>("--format") { Description = "Force the format: debian, alpine-yaml, alpine-json, osv, nvd" };
        var db = DbOption();
        var command = new Command("import", "Import vulnerability feeds (Debian tracker, Alpine secdb, OSV, NVD) in one transaction.") { files, format, db };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            FeedFormat? forced = null;
            if (parseResult.GetValue(format) is { } name)
            {
                forced = FeedFormatNames.ParseName(name);
                if (forced is null)
                {
                    await Console.Error.WriteLineAsync($"sagekeep db import: unknown format '{name}' (debian, alpine-yaml, alpine-json, osv, nvd)");
                    return Failed;
                }
            }

            var (database, error) = await VulnDatabase.OpenAsync(parseResult.GetValue(db)!, TimeProvider.System, cancellationToken);
            if (database is null)
            {
                await Console.Error.WriteLineAsync($"sagekeep db import: {error}");
                return Failed;
            }

            await using (database)
            {
                var paths = parseResult.GetValue(files)!;
                var result = Console.IsOutputRedirected
                    ? await database.ImportAsync(paths, forced, new LineProgress(), cancellationToken)
                    : await AnsiConsole.Progress().StartAsync(async context =>
                    {
                        var task = context.AddTask("importing", maxValue: 1);
                        var outcome = await database.ImportAsync(paths, forced, new BarProgress(task), cancellationToken);
                        task.Value = task.MaxValue;
                        return outcome;
                    });
                if (!result.Succeeded)
                {
                    await Console.Error.WriteLineAsync($"sagekeep db import: {result.Error}");
                    return Failed;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"imported {result.Files} file(s): {result.Added} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Stale} older than stored"));
                return 0;
            }
        });
        return command;
    }

    private static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var db = DbOption();
        var command = new Command("status", "Show the sources in the database: records, newest modified time, last import.") { json, db };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (database, error) = await VulnDatabase.OpenAsync(parseResult.GetValue(db)!, TimeProvider.System, cancellationToken);
            if (database is null)
            {
                await Console.Error.WriteLineAsync($"sagekeep db status: {error}");
                return Failed;
            }

            await using (database)
            {
                var sources = await database.GetStatusAsync(cancellationToken);

                // Age: how old the source's newest data is (what a scan's --db-max-age warning measures), in days.
                var now = TimeProvider.System.GetUtcNow();
                double? AgeDays(SourceStatus s) => s.NewestModified is { } newest ? Math.Round((now - newest).TotalDays, 1) : null;
                if (parseResult.GetValue(json))
                {
                    var rows = sources.Select(s => new { s.Source, s.Records, s.Withdrawn, s.NewestModified, AgeDays = AgeDays(s), s.LastImport, s.LastFile });
                    Console.WriteLine(JsonSerializer.Serialize(new { database.Path, VulnDatabase.SchemaVersion, Sources = rows }, StatusJson));
                    return 0;
                }

                var table = new Table().AddColumns("Source", "Records", "Withdrawn", "Newest modified", "Age", "Last import", "Last file");
                foreach (var s in sources)
                {
                    table.AddRow(Markup.Escape(s.Source), s.Records.ToString(CultureInfo.InvariantCulture), s.Withdrawn.ToString(CultureInfo.InvariantCulture),
                        Time(s.NewestModified), AgeDays(s) is { } days ? days.ToString("0.#", CultureInfo.InvariantCulture) + " days" : "-",
                        Time(s.LastImport), Markup.Escape(s.LastFile ?? "-"));
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "Schema version {0}, {1}", VulnDatabase.SchemaVersion, Markup.Escape(database.Path));
                return 0;
            }
        });
        return command;
    }

    private static Command Prune()
    {
        var olderThan = new Option<string?>("--older-than") { Description = "Also drop every source not imported since this date (ISO 8601)" };
        var db = DbOption();
        var command = new Command("prune", "Drop withdrawn records, and sources not re-imported since a date.") { olderThan, db };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            DateTimeOffset? cutoff = null;
            if (parseResult.GetValue(olderThan) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"sagekeep db prune: --older-than '{text}' is not a date");
                    return Failed;
                }

                cutoff = parsed;
            }

            var (database, error) = await VulnDatabase.OpenAsync(parseResult.GetValue(db)!, TimeProvider.System, cancellationToken);
            if (database is null)
            {
                await Console.Error.WriteLineAsync($"sagekeep db prune: {error}");
                return Failed;
            }

            await using (database)
            {
                var result = await database.PruneAsync(cutoff, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"removed {result.WithdrawnRemoved} withdrawn record(s), {result.StaleSourceRecordsRemoved} record(s) of sources not imported since then ({string.Join(", ", result.SourcesRemoved)})"));
                return 0;
            }
        });
        return command;
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Plain progress lines when stdout is not a terminal (CI logs, pipes).</summary>
    private sealed class LineProgress : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (value.FileDone)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.FileIndex + 1}/{value.FileCount}] {value.File}: {value.Records} record(s)"));
            }
        }
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            task.Description = Markup.Escape($"[{value.FileIndex + 1}/{value.FileCount}] {value.File}");
            var fileShare = value.TotalBytes == 0 ? 1.0 : (double)value.BytesRead / value.TotalBytes;
            task.Value = (value.FileIndex + fileShare) / value.FileCount;
        }
    }
}
