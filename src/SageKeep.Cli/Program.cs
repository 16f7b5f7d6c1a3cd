using System.CommandLine;

namespace SageKeep.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("SageKeep: a self-hosted machine-learning platform that speaks the Amazon SageMaker API.");
        ServeCommand.AddTo(root);
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(SbomCommand.Create());
        DbCommand.AddTo(root);
        root.Subcommands.Add(AuditCommand.Create());
        AdminCommand.AddTo(root);
        return root.Parse(args).Invoke();
    }
}
