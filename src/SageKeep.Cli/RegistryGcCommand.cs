using System.CommandLine;
using System.Globalization;
using SageKeep.Server.Configuration;
using SageKeep.Server.Registry;
using SageKeep.Server.Storage;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep admin registry-gc [--data-dir D] [--grace-minutes N]</c>: deletes registry blobs no repository
/// references any more (layers of deleted images and repositories, abandoned uploads). Safe while the server
/// runs: anything younger than the grace period is kept, so a push in progress is not disturbed.
/// </summary>
internal static class RegistryGcCommand
{
    private const int Failed = 1;

    /// <summary>Adds <c>registry-gc</c> under the <c>admin</c> command (created if no one else has).</summary>
    public static void AddTo(RootCommand root)
    {
        var admin = root.Subcommands.FirstOrDefault(c => c.Name == "admin");
        if (admin is null)
        {
            admin = new Command("admin", "Operator maintenance commands.");
            root.Subcommands.Add(admin);
        }

        admin.Subcommands.Add(Create());
    }

    private static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory of the server (env {SettingKeys.DataDir.EnvironmentVariable}; default {ServerSettings.DefaultDataDirectory})" };
        var grace = new Option<int>("--grace-minutes")
        {
            Description = "Keep unreferenced blobs and upload links younger than this many minutes",
            DefaultValueFactory = _ => (int)RegistryMaintenance.DefaultGracePeriod.TotalMinutes,
        };
        var command = new Command("registry-gc", "Delete registry blobs that no repository references.") { dataDir, grace };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(dataDir)
                ?? Environment.GetEnvironmentVariable(SettingKeys.DataDir.EnvironmentVariable)
                ?? ServerSettings.DefaultDataDirectory;
            var settings = new ServerSettings { DataDirectory = Path.GetFullPath(directory) };
            var minutes = parseResult.GetValue(grace);
            if (minutes < 0)
            {
                await Console.Error.WriteLineAsync("sagekeep admin registry-gc: --grace-minutes must be 0 or more");
                return Failed;
            }

            if (!File.Exists(settings.DatabasePath))
            {
                await Console.Error.WriteLineAsync($"sagekeep admin registry-gc: no state database in {settings.DataDirectory}");
                return Failed;
            }

            using var store = new SqliteStateStore(settings.DatabasePath);
            await MigrationRunner.MigrateAsync(store, MigrationCatalog.Embedded, TimeProvider.System, cancellationToken);
            var result = await RegistryMaintenance.CollectGarbageAsync(store, settings.DataDirectory, TimeSpan.FromMinutes(minutes), TimeProvider.System, cancellationToken);
            foreach (var blob in result.Removed)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed {blob.Digest} ({blob.Bytes} bytes)"));
            }

            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Removed {result.BlobsRemoved} blobs ({result.BytesFreed} bytes), {result.LinksRemoved} unreferenced blob links and {result.UploadsRemoved} expired uploads; kept {result.BlobsKept} blobs."));
            return 0;
        });
        return command;
    }
}
