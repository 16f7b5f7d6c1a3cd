using System.CommandLine;
using SageKeep.Server.Configuration;
using SageKeep.Server.Storage;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep admin rotate-master-key</c>: a new master key with every stored secret re-encrypted under
/// it (see <see cref="MasterKeyRotation"/> for the crash-safe order). Run it while the server is stopped.
/// Outstanding STS session tokens stop working; access keys keep working.
/// </summary>
internal static class AdminCommand
{
    public const int Failed = 1;

    public static void AddTo(RootCommand root) => root.Subcommands.Add(Create());

    public static Command Create()
    {
        var command = new Command("admin", "Administer an installation's data directory (with the server stopped).");
        command.Subcommands.Add(RotateMasterKey());
        command.Subcommands.Add(RevokeRoleSessionsCommand.Create());
        command.Subcommands.Add(NamespaceCommands.Attach());
        command.Subcommands.Add(NamespaceCommands.Detach());
        return command;
    }

    private static Command RotateMasterKey()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "data directory (env SAGEKEEP_DATA_DIR)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SAGEKEEP_DATA_DIR") ?? ServerSettings.DefaultDataDirectory,
        };
        var command = new Command(
            "rotate-master-key",
            "Re-encrypt every stored secret under a new master key; the old key is kept as master.key.replaced-<time>. Invalidates outstanding session tokens.")
        {
            dataDir,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new ServerSettings { DataDirectory = Path.GetFullPath(parseResult.GetValue(dataDir)!) };
            if (!File.Exists(settings.DatabasePath))
            {
                await Console.Error.WriteLineAsync($"sagekeep admin rotate-master-key: no state database in '{settings.DataDirectory}'");
                return Failed;
            }

            using var store = new SqliteStateStore(settings.DatabasePath);
            await store.InitializeAsync(cancellationToken);
            await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, cancellationToken);
            var (message, error) = await MasterKeyRotation.RotateAsync(store, settings.MasterKeyPath, TimeProvider.System, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"sagekeep admin rotate-master-key: {error}");
                return Failed;
            }

            Console.WriteLine(message);
            return 0;
        });
        return command;
    }
}
