using System.CommandLine;
using System.Globalization;
using SageKeep.Server.Audit;
using SageKeep.Server.Configuration;
using SageKeep.Server.Storage;
using Spectre.Console;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep audit [--principal ARN] [--action A] [--decision D] [--from T] [--to T] [--limit N] [--format table|json]</c>:
/// the audit trail of a data directory, newest first. JSON prints one record per line, as stored.
/// </summary>
internal static class AuditCommand
{
    private const int Failed = 1;

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory of the server (env {SettingKeys.DataDir.EnvironmentVariable}; default {ServerSettings.DefaultDataDirectory})" };
        var principal = new Option<string?>("--principal") { Description = "Only calls by this principal ARN" };
        var action = new Option<string?>("--action") { Description = "Only this IAM action (e.g. iam:CreateUser)" };
        var decision = new Option<string?>("--decision") { Description = "Allowed, ExplicitDeny, ImplicitDeny, NotRequired, NotEvaluated or Unauthenticated" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Earliest event time (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Latest event time (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "At most this many records", DefaultValueFactory = _ => 100 };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("audit", "Query the audit trail: one record per API request, allowed or denied.")
        {
            dataDir, principal, action, decision, from, to, limit, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(dataDir)
                ?? Environment.GetEnvironmentVariable(SettingKeys.DataDir.EnvironmentVariable)
                ?? ServerSettings.DefaultDataDirectory;
            var settings = new ServerSettings { DataDirectory = Path.GetFullPath(directory) };
            if (!File.Exists(settings.DatabasePath))
            {
                await Console.Error.WriteLineAsync($"sagekeep audit: no state database in {settings.DataDirectory}");
                return Failed;
            }

            var filter = new AuditFilter
            {
                PrincipalArn = parseResult.GetValue(principal),
                Action = parseResult.GetValue(action),
                Decision = parseResult.GetValue(decision),
                From = parseResult.GetValue(from),
                To = parseResult.GetValue(to),
                Limit = parseResult.GetValue(limit),
            };
            using var store = new SqliteStateStore(settings.DatabasePath);
            IReadOnlyList<AuditRecord> records;
            try
            {
                records = await new AuditQuery(store, AuditServiceCollectionExtensions.DirectoryFor(settings)).FindAsync(filter, cancellationToken);
            }
            catch (System.Data.Common.DbException e)
            {
                await Console.Error.WriteLineAsync($"sagekeep audit: the audit index cannot be read ({e.Message.ReplaceLineEndings(" ")}); start the server once to create it");
                return Failed;
            }

            if (parseResult.GetValue(format) == "json")
            {
                foreach (var record in records)
                {
                    Console.Out.Write(System.Text.Encoding.UTF8.GetString(AuditJson.ToLine(record)));
                }
            }
            else
            {
                Print(records);
            }

            return 0;
        });
        return command;
    }

    private static void Print(IReadOnlyList<AuditRecord> records)
    {
        var table = new Table().AddColumns("time", "principal", "action", "resource", "decision", "status", "error", "source");
        foreach (var r in records)
        {
            table.AddRow(
                Markup.Escape(r.EventTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                Markup.Escape(r.PrincipalArn ?? r.AccessKeyId ?? "-"),
                Markup.Escape(r.Action ?? $"{r.Service}:{r.EventName}"),
                Markup.Escape(r.Resources.Count == 0 ? "-" : string.Join(", ", r.Resources)),
                Markup.Escape(r.Decision),
                r.HttpStatus.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.ErrorCode ?? "-"),
                Markup.Escape(r.SourceIp ?? "-"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, "{0} record(s)", records.Count);
    }
}
