using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Server;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// A session token past its expiry is refused with ExpiredToken. The server runs in-process with a fake
/// clock: it issues a 900 s token while its clock is 850 s behind real time (within STS's 15-minute
/// skew, so the CLI's real-time signature is accepted), so the token expires about 50 s after real
/// now. Then the clock moves to 120 s ahead: the token has expired while the CLI's X-Amz-Date is
/// within every service's skew (5 minutes for JSON services), so no clock-skew refusal can hide the expiry.
/// </summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow.AddHours(-2));
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir, services: services => services.AddSingleton<TimeProvider>(_clock));
        _server = _host.Server;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SessionToken_PastItsExpiry_IsRefusedWithExpiredToken()
    {
        var root = await _server.EnsureRootCredentialsAsync(new Dictionary<string, string?>(), CancellationToken.None);
        _clock.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(-850));
        var (exitCode, stdout, stderr) = await Aws(root.AccessKeyId!, root.SecretAccessKey!, null, "sts", "get-session-token", "--duration-seconds", "900");
        exitCode.ShouldBe(0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var credentials = document.RootElement.GetProperty("Credentials");
        var keyId = credentials.GetProperty("AccessKeyId").GetString()!;
        var secret = credentials.GetProperty("SecretAccessKey").GetString()!;
        var token = credentials.GetProperty("SessionToken").GetString()!;
        (await Aws(keyId, secret, token, "sts", "get-caller-identity")).ExitCode.ShouldBe(0, "valid while the server's clock is before the expiry");

        _clock.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(120));
        var query = await Aws(keyId, secret, token, "sts", "get-caller-identity");
        var json = await Aws(keyId, secret, token, "sagemaker", "list-training-jobs");

        query.ExitCode.ShouldBe(255);
        query.StdErr.ShouldContain("(ExpiredToken)");
        query.StdErr.ShouldContain("The security token included in the request is expired");
        json.ExitCode.ShouldBe(255);
        json.StdErr.ShouldContain("(ExpiredTokenException)");
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string keyId, string secret, string? sessionToken, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, keyId, secret, arguments, sessionToken: sessionToken);
}
