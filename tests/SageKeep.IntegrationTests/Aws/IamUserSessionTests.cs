using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Security.Credentials;
using SageKeep.Server;
using SageKeep.Server.Credentials;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// GetSessionToken for an IAM user: up to 36 hours (only the root user is limited to one hour), and the
/// session reports the user's own ARN and unique id. The user's key is put in the store directly.
/// </summary>
public sealed class IamUserSessionTests : IAsyncLifetime
{
    private const string UserArn = "arn:aws:iam::123456789012:user/alice";
    private const string UserId = "AIDAALICEEXAMPLE00001";
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly PrincipalInfo _alice = new("123456789012", UserArn, UserId, PrincipalType.User, AccessKeyGenerator.NewAccessKeyId());
    private readonly string _secret = AccessKeyGenerator.NewSecretAccessKey();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir);
        _server = _host.Server;
        var keys = _server.Services.GetRequiredService<AccessKeyStore>();
        (await keys.AddAsync(_alice, _secret, CredentialStatus.Active, CancellationToken.None)).ShouldBeTrue();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetSessionToken_AsAnIamUser_LastsUpToThirtySixHoursAndActsAsTheUser()
    {
        var before = DateTimeOffset.UtcNow;
        var (exitCode, stdout, stderr) = await Aws(_alice.AccessKeyId, _secret, null, "sts", "get-session-token", "--duration-seconds", "129600");
        exitCode.ShouldBe(0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var credentials = document.RootElement.GetProperty("Credentials");
        var expiration = DateTimeOffset.Parse(credentials.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        expiration.ShouldBeInRange(before.AddSeconds(129599), DateTimeOffset.UtcNow.AddSeconds(129601));

        var identity = await Aws(
            credentials.GetProperty("AccessKeyId").GetString()!,
            credentials.GetProperty("SecretAccessKey").GetString()!,
            credentials.GetProperty("SessionToken").GetString()!,
            "sts", "get-caller-identity");

        identity.ExitCode.ShouldBe(0, identity.StdErr);
        using var caller = JsonDocument.Parse(identity.StdOut);
        caller.RootElement.GetProperty("Arn").GetString().ShouldBe(UserArn);
        caller.RootElement.GetProperty("UserId").GetString().ShouldBe(UserId);
    }

    [Fact]
    public async Task GetSessionToken_AsAnIamUserWithoutDuration_LastsTwelveHours()
    {
        var before = DateTimeOffset.UtcNow;
        var (exitCode, stdout, stderr) = await Aws(_alice.AccessKeyId, _secret, null, "sts", "get-session-token");

        exitCode.ShouldBe(0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var expiration = DateTimeOffset.Parse(document.RootElement.GetProperty("Credentials").GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        expiration.ShouldBeInRange(before.AddSeconds(43199), DateTimeOffset.UtcNow.AddSeconds(43201));
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> Aws(string keyId, string secret, string? sessionToken, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, keyId, secret, arguments, sessionToken: sessionToken);
}
