using System.Diagnostics;

namespace SageKeep.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the installed aws CLI against a server on loopback, with credentials and CA given explicitly
/// (the machine presets AWS_CA_BUNDLE, and a developer's ~/.aws must not leak into a test); with
/// <c>netns</c>, inside that network namespace (<c>ip netns exec</c>).
/// </summary>
internal static class AwsCli
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string endpointUrl, string caBundle, string accessKeyId, string secretAccessKey, IEnumerable<string> arguments,
        string region = "us-east-1", string? sessionToken = null, string? netns = null)
    {
        var start = new ProcessStartInfo(netns is null ? "aws" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            foreach (var argument in new[] { "netns", "exec", netns, "aws" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[] { "--endpoint-url", endpointUrl, "--ca-bundle", caBundle, "--region", region, "--output", "json" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        if (sessionToken is not null)
        {
            start.Environment["AWS_SESSION_TOKEN"] = sessionToken;
        }

        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_CA_BUNDLE"] = caBundle;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("aws CLI did not finish in 2 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
