using System.CommandLine;
using SageKeep.Server;
using SageKeep.Server.Configuration;

namespace SageKeep.Cli;

/// <summary>
/// <c>sagekeep serve</c>: one HTTPS port answering the AWS APIs. Configuration errors end the process
/// with exit code 1 and one line on stderr, never a stack trace.
/// </summary>
internal static class ServeCommand
{
    public const int ConfigurationError = 1;
    public const int InternalError = 70;

    /// <summary>Adds <c>serve</c> and its hidden store maintenance companion to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(Create());
        root.Subcommands.Add(StoreTortureCommand.Create());
    }

    public static Command Create()
    {
        var command = new Command("serve", "Run the SageKeep server: one HTTPS endpoint (default https://127.0.0.1:8443).");
        var config = new Option<string?>("--config") { Description = $"YAML or JSON settings file (or {SettingsLoader.ConfigEnvironmentVariable})" };
        command.Options.Add(config);

        var values = new List<(SettingKey Key, Option<string?> Option)>();
        Option<bool>? allowLegacy = null;
        foreach (var key in SettingKeys.All)
        {
            if (key == SettingKeys.AllowLegacyTls)
            {
                allowLegacy = new Option<bool>(key.Flag) { Description = $"{key.Description} (env {key.EnvironmentVariable})" };
                command.Options.Add(allowLegacy);
                continue;
            }

            var option = new Option<string?>(key.Flag) { Description = $"{key.Description} (env {key.EnvironmentVariable})" };
            values.Add((key, option));
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var flags = new List<RawSetting>();
            foreach (var (key, option) in values)
            {
                var value = parseResult.GetValue(option);
                if (value is not null)
                {
                    flags.Add(new RawSetting(key, value, key.Flag));
                }
            }

            if (parseResult.GetValue(allowLegacy!))
            {
                flags.Add(new RawSetting(SettingKeys.AllowLegacyTls, "true", SettingKeys.AllowLegacyTls.Flag));
            }

            return Run(parseResult.GetValue(config), flags);
        });
        return command;
    }

    private static int Run(string? configPath, List<RawSetting> flags)
    {
        try
        {
            var loaded = SettingsLoader.Load(configPath, Environment.GetEnvironmentVariables(), flags);
            if (!loaded.IsValid)
            {
                return Fail(loaded.Error!);
            }

            if (LegacyTlsRelaunch.IsNeeded(loaded.Settings!))
            {
                return LegacyTlsRelaunch.RunAsync(loaded.Settings!).GetAwaiter().GetResult();
            }

            return RunAsync(loaded.Settings!).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Last resort: an operator sees one line, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"sagekeep: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return InternalError;
        }
    }

    private static async Task<int> RunAsync(ServerSettings settings)
    {
        var created = await SageKeepServer.CreateAsync(settings, null, CancellationToken.None).ConfigureAwait(false);
        if (created.Server is null)
        {
            return Fail(created.Error!);
        }

        await using var server = created.Server;
        var (rootKeyId, rootSecret, rootError) = await server.EnsureRootCredentialsAsync(Environment.GetEnvironmentVariables(), CancellationToken.None).ConfigureAwait(false);
        if (rootError is not null)
        {
            return Fail(rootError);
        }

        var error = await server.StartAsync(CancellationToken.None).ConfigureAwait(false);
        if (error is not null)
        {
            return Fail(error);
        }

        Console.Out.WriteLine($"SageKeep is listening on {settings.EndpointUrl} (TLS preset {settings.TlsPreset.ToString().ToLowerInvariant()}).");
        Console.Out.WriteLine($"TLS certificate: {server.CertificatePath}");
        if (!settings.UsesOperatorCertificate)
        {
            Console.Out.WriteLine($"TLS key:         {settings.GeneratedKeyPath}");
            Console.Out.WriteLine($"Try: aws --endpoint-url {settings.EndpointUrl} --ca-bundle {server.CertificatePath} --region {settings.Region} sagemaker list-training-jobs");
        }

        if (rootKeyId is not null)
        {
            // Shown once, on the console only (never logged); it is stored encrypted under the master key.
            Console.Out.WriteLine("Root user access key created. Save it now: the secret is not shown again.");
            Console.Out.WriteLine($"  AWS_ACCESS_KEY_ID={rootKeyId}");
            Console.Out.WriteLine($"  AWS_SECRET_ACCESS_KEY={rootSecret}");
        }

        // Returns on SIGTERM or Ctrl+C: the host's console lifetime turns them into a graceful stop.
        await server.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sagekeep: {message.ReplaceLineEndings(" ")}");
        return ConfigurationError;
    }
}
