using System.Diagnostics;
using System.Runtime.InteropServices;
using SageKeep.Server.Configuration;
using SageKeep.Server.Hosting;

namespace SageKeep.Cli;

/// <summary>
/// The legacy preset needs OpenSSL's security level 0, which OpenSSL reads from <c>OPENSSL_CONF</c> once,
/// when the process loads it: .NET cannot lower it afterwards. So <c>sagekeep serve</c> under the legacy
/// preset writes the configuration file and runs itself again as a child with <c>OPENSSL_CONF</c> set,
/// passing stdio through and SIGTERM/SIGINT on, and exits with the child's code.
/// </summary>
internal static class LegacyTlsRelaunch
{
    /// <summary>True when this process must relaunch itself to serve the legacy preset.</summary>
    public static bool IsNeeded(ServerSettings settings) =>
        settings.TlsPreset == TlsPreset.Legacy && !LegacyOpenSslConfig.IsOpenSslConfigured;

    public static async Task<int> RunAsync(ServerSettings settings)
    {
        var configPath = Path.Combine(settings.TlsDirectory, LegacyOpenSslConfig.FileName);
        try
        {
            SageKeep.Server.Storage.PrivateFiles.EnsureDirectory(settings.TlsDirectory);
            await File.WriteAllTextAsync(configPath, LegacyOpenSslConfig.Content).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"sagekeep: cannot write '{configPath}': {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ServeCommand.ConfigurationError;
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        var arguments = Environment.GetCommandLineArgs().AsSpan(1);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Run through the dotnet host: the entry assembly comes first.
            start.ArgumentList.Add(typeof(LegacyTlsRelaunch).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OPENSSL_CONF"] = configPath;
        using var child = Process.Start(start)!;
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, "TERM"));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, child, "INT"));
        await child.WaitForExitAsync().ConfigureAwait(false);
        return child.ExitCode;
    }

    private static void Forward(PosixSignalContext context, Process child, string signal)
    {
        // The child shuts down gracefully; this process exits when it has.
        context.Cancel = true;
        if (child.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("/bin/kill") { ArgumentList = { "-" + signal, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }
}
