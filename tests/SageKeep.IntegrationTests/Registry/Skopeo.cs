using System.Diagnostics;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Runs the installed skopeo (a real registry client) with no user configuration leaking in.</summary>
internal static class Skopeo
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No registries.conf, auth file or policy from the machine: an explicit insecure-accept policy file is
        // passed by callers when copying; credentials always come from --creds.
        start.Environment["REGISTRY_AUTH_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("skopeo did not finish in 3 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
