using System.Diagnostics;
using SageKeep.IntegrationTests.Aws;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.S3;

/// <summary>
/// One real <c>sagekeep serve</c> with a known root key and the server's default body limit (S3 uploads lift
/// it per request), plus helpers to run the aws CLI (optionally configured for SigV4 presigning) and boto3.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    public const string AccessKeyId = SignedServerFixture.AccessKeyId;
    public const string SecretAccessKey = SignedServerFixture.SecretAccessKey;
    public const string AccountId = SignedServerFixture.AccountId;

    public ServerProcess Server { get; private set; } = null!;

    public string WorkDir { get; } = ServerProcess.CreateTempDirectory();

    public async Task InitializeAsync() => Server = await StartServerAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(WorkDir, recursive: true);
    }

    public static Task<ServerProcess> StartServerAsync(string? dataDir = null) =>
        ServerProcess.StartAsync(
            ["--account-id", AccountId],
            new Dictionary<string, string>
            {
                ["SAGEKEEP_ROOT_ACCESS_KEY_ID"] = AccessKeyId,
                ["SAGEKEEP_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey,
            },
            dataDir);

    /// <summary>A bucket name no other test uses.</summary>
    public static string NewBucket(string purpose) => $"{purpose}-{Guid.NewGuid():N}";

    public Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) =>
        AwsCli.RunAsync(Server.BaseUrl, Server.CaCertPath, AccessKeyId, SecretAccessKey, arguments);

    /// <summary>The aws CLI with <c>s3.signature_version = s3v4</c> (so <c>s3 presign</c> makes SigV4 URLs).</summary>
    public async Task<(int ExitCode, string StdOut, string StdErr)> AwsS3v4(params string[] arguments)
    {
        var config = Path.Combine(WorkDir, "s3v4.config");
        await File.WriteAllTextAsync(config, "[default]\ns3 =\n    signature_version = s3v4\n");
        return await Run("aws", ["--endpoint-url", Server.BaseUrl, "--ca-bundle", Server.CaCertPath, "--region", "us-east-1", .. arguments], config);
    }

    /// <summary>Runs a boto3 script; it finds the endpoint, CA bundle and credentials in the environment.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> Python(string script, params string[] arguments) =>
        Run("python3", ["-c", script, .. arguments], "/dev/null");

    private async Task<(int ExitCode, string StdOut, string StdErr)> Run(string program, IEnumerable<string> arguments, string configFile)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_CONFIG_FILE"] = configFile;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_CA_BUNDLE"] = Server.CaCertPath;
        start.Environment["SAGEKEEP_TEST_ENDPOINT"] = Server.BaseUrl;
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
            throw new TimeoutException($"{program} did not finish in 3 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
