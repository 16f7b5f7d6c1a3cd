using System.Diagnostics;

namespace SageKeep.IntegrationTests.Protocols;

/// <summary>Runs the installed aws CLI with throw-away credentials and no user configuration.</summary>
internal static class AwsCli
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(Uri endpoint, params string[] arguments)
    {
        var home = Directory.CreateTempSubdirectory("sagekeep-awscli-");
        try
        {
            var start = new ProcessStartInfo("aws")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = home.FullName,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("--endpoint-url");
            start.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
            start.Environment["HOME"] = home.FullName;
            start.Environment["AWS_CONFIG_FILE"] = Path.Combine(home.FullName, "config");
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home.FullName, "credentials");
            start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
            start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
            start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
            start.Environment["AWS_MAX_ATTEMPTS"] = "1";
            start.Environment.Remove("AWS_PROFILE");
            start.Environment.Remove("AWS_SESSION_TOKEN");

            using var process = Process.Start(start) ?? throw new InvalidOperationException("aws could not be started.");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
