using System.CommandLine;
using Spectre.Console;

namespace SageKeep.Cli;

internal static class Program
{
    /// <summary>Columns for tables written to a pipe or file, which have no terminal width.</summary>
    private const int RedirectedOutputWidth = 200;

    public static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Without a terminal Spectre.Console assumes 80 columns and wraps versions and dates across lines.
            AnsiConsole.Profile.Width = RedirectedOutputWidth;
        }

        var root = new RootCommand("SageKeep: a self-hosted machine-learning platform that speaks the Amazon SageMaker API.");
        ServeCommand.AddTo(root);
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(SbomCommand.Create());
        DbCommand.AddTo(root);
        root.Subcommands.Add(AuditCommand.Create());
        AdminCommand.AddTo(root);
        RegistryGcCommand.AddTo(root);
        return root.Parse(args).Invoke();
    }
}
