using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.Server;

namespace SageKeep.IntegrationTests.Sts;

/// <summary>
/// sts:AssumeRole end to end with the real aws CLI (and AWSSDK.SecurityToken): root sets up users and roles
/// through the IAM API; a trusted user's role session acts as the role, an untrusted one is refused, the
/// ExternalId condition is enforced, session policies narrow, role chaining is limited to an hour, an
/// expired session is refused and a policy change reaches existing sessions. The server runs in-process
/// with a fake clock that follows real time unless a test moves it.
/// </summary>
public sealed class AssumeRoleTests : IAsyncLifetime
{
    private const string Account = "123456789012";
    private const string ExternalId = "partner-7731";
    private readonly string _dataDir = ServerProcess.CreateTempDirectory();
    private readonly OffsetTimeProvider _clock = new();
    private InProcessServer _host = null!;
    private SageKeepServer _server = null!;
    private (string Id, string Secret) _root;
    private (string Id, string Secret) _dev;
    private (string Id, string Secret) _outsider;

    public async Task InitializeAsync()
    {
        _host = await InProcessServer.StartAsync(_dataDir, settings => settings with { AccountId = Account }, services => services.AddSingleton<TimeProvider>(_clock));
        _server = _host.Server;
        var root = await _server.EnsureRootCredentialsAsync(new Dictionary<string, string?>(), CancellationToken.None);
        _root = (root.AccessKeyId!, root.SecretAccessKey!);

        const string assumeAny = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::123456789012:role/*"}]}""";
        _dev = await CreateUserAsync("dev", assumeAny);
        _outsider = await CreateUserAsync("outsider", assumeAny);
        await Root("iam", "create-role", "--role-name", "Reader", "--assume-role-policy-document", Trust("arn:aws:iam::123456789012:user/dev"));
        await Root("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "read", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetRole","sts:AssumeRole"],"Resource":"*"}]}""");
        await Root("iam", "create-role", "--role-name", "Partner", "--assume-role-policy-document",
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"partner-7731"}}},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:TagSession"}]}
            """);
        await Root("iam", "create-role", "--role-name", "Chained", "--max-session-duration", "43200", "--assume-role-policy-document", Trust("arn:aws:iam::123456789012:role/Reader"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AssumeRole_ByATrustedUser_GivesASessionThatActsAsTheRole()
    {
        var session = await AssumeAsync(_dev, "arn:aws:iam::123456789012:role/Reader", "build-1");

        var identity = JsonDocument.Parse((await As(session, "sts", "get-caller-identity")).StdOut).RootElement;
        identity.GetProperty("Arn").GetString().ShouldBe("arn:aws:sts::123456789012:assumed-role/Reader/build-1");
        identity.GetProperty("UserId").GetString()!.ShouldStartWith("AROA");
        identity.GetProperty("UserId").GetString()!.ShouldEndWith(":build-1");
        (await As(session, "iam", "list-users")).ExitCode.ShouldBe(0);
        var denied = await As(session, "iam", "create-user", "--user-name", "mallory");
        denied.StdErr.ShouldContain("(AccessDenied)");
        denied.StdErr.ShouldContain("User: arn:aws:sts::123456789012:assumed-role/Reader/build-1 is not authorized to perform: iam:CreateUser");
    }

    [Fact]
    public async Task AssumeRole_ByAUserTheTrustPolicyDoesNotName_IsRefused_AndRootMayNotAssumeRoles()
    {
        var outsider = await Cli(_outsider, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "x1");
        var root = await Cli(_root, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "x2");
        var missing = await Cli(_dev, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Nope", "--role-session-name", "x3");

        outsider.StdErr.ShouldContain("(AccessDenied)");
        outsider.StdErr.ShouldContain("User: arn:aws:iam::123456789012:user/outsider is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Reader");
        root.StdErr.ShouldContain("Roles may not be assumed by root accounts.");
        missing.StdErr.ShouldContain("(AccessDenied)");
    }

    [Fact]
    public async Task AssumeRole_WithAnExternalIdCondition_NeedsTheRightExternalId()
    {
        const string partner = "arn:aws:iam::123456789012:role/Partner";
        var without = await Cli(_dev, null, "sts", "assume-role", "--role-arn", partner, "--role-session-name", "p1");
        var wrong = await Cli(_dev, null, "sts", "assume-role", "--role-arn", partner, "--role-session-name", "p2", "--external-id", "guess");
        var right = await Cli(_dev, null, "sts", "assume-role", "--role-arn", partner, "--role-session-name", "p3", "--external-id", ExternalId);

        without.StdErr.ShouldContain("(AccessDenied)");
        wrong.StdErr.ShouldContain("(AccessDenied)");
        right.ExitCode.ShouldBe(0, right.StdErr);
    }

    [Fact]
    public async Task AssumeRole_WithASessionPolicy_NarrowsTheRole_AndReportsThePackedSize()
    {
        var (exitCode, stdout, stderr) = await Cli(_dev, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "narrow",
            "--policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}""");
        exitCode.ShouldBe(0, stderr);
        var response = JsonDocument.Parse(stdout).RootElement;
        response.GetProperty("PackedPolicySize").GetInt32().ShouldBeInRange(1, 100);
        var session = Credentials(response);

        (await As(session, "iam", "get-role", "--role-name", "Reader")).ExitCode.ShouldBe(0);
        var narrowed = await As(session, "iam", "list-users");
        narrowed.StdErr.ShouldContain("because no session policy allows the iam:ListUsers action");

        var malformed = await Cli(_dev, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "bad", "--policy", "{\"Version\":");
        malformed.StdErr.ShouldContain("(MalformedPolicyDocument)");
    }

    [Fact]
    public async Task AssumeRole_ByRoleChaining_IsLimitedToOneHour()
    {
        var reader = await AssumeAsync(_dev, "arn:aws:iam::123456789012:role/Reader", "hop-1");

        var tooLong = await As(reader, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Chained", "--role-session-name", "hop-2", "--duration-seconds", "7200");
        var hour = await As(reader, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Chained", "--role-session-name", "hop-2", "--duration-seconds", "3600");
        var beyondRole = await Cli(_dev, null, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "long", "--duration-seconds", "7200");

        tooLong.StdErr.ShouldContain("(ValidationError)");
        tooLong.StdErr.ShouldContain("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        hour.ExitCode.ShouldBe(0, hour.StdErr);
        beyondRole.StdErr.ShouldContain("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    [Fact]
    public async Task RoleSession_AfterItsExpiry_IsRefusedWithExpiredToken_AndPolicyChangesReachLiveSessions()
    {
        _clock.Offset = TimeSpan.FromSeconds(-850);
        var session = await AssumeAsync(_dev, "arn:aws:iam::123456789012:role/Reader", "short", "--duration-seconds", "900");
        _clock.Offset = TimeSpan.Zero;
        (await As(session, "iam", "list-users")).ExitCode.ShouldBe(0);

        await Root("iam", "delete-role-policy", "--role-name", "Reader", "--policy-name", "read");
        var afterChange = await As(session, "iam", "list-users");
        afterChange.StdErr.ShouldContain("because no identity-based policy allows the iam:ListUsers action");

        _clock.Offset = TimeSpan.FromSeconds(120);
        var expired = await As(session, "sts", "get-caller-identity");
        expired.StdErr.ShouldContain("(ExpiredToken)");
    }

    [Fact]
    public async Task RevokeRoleSessions_DeniesSessionsIssuedBefore_ButNotLaterOnes()
    {
        var old = await AssumeAsync(_dev, "arn:aws:iam::123456789012:role/Reader", "old");
        (await As(old, "iam", "list-users")).ExitCode.ShouldBe(0);

        var (exitCode, _, stderr) = await ServerProcess.RunCliAsync(["admin", "revoke-role-sessions", "--data-dir", _dataDir, "--role-name", "Reader"]);
        exitCode.ShouldBe(0, stderr);
        _clock.Offset = TimeSpan.FromSeconds(3);
        var fresh = await AssumeAsync(_dev, "arn:aws:iam::123456789012:role/Reader", "fresh");

        var revoked = await As(old, "iam", "list-users");
        revoked.StdErr.ShouldContain("with an explicit deny in an identity-based policy");
        (await As(fresh, "iam", "list-users")).ExitCode.ShouldBe(0);
        var missing = await ServerProcess.RunCliAsync(["admin", "revoke-role-sessions", "--data-dir", _dataDir, "--role-name", "NoSuchRole"]);
        missing.ExitCode.ShouldBe(1);
        missing.StdErr.ShouldContain("NoSuchEntity");
    }

    [Fact]
    public async Task GetSessionTokenCredentials_WithoutMfa_CannotCallIam_ButRoleSessionsCan()
    {
        var (exitCode, stdout, stderr) = await Cli(_dev, null, "sts", "get-session-token", "--duration-seconds", "900");
        exitCode.ShouldBe(0, stderr);
        var session = Credentials(JsonDocument.Parse(stdout).RootElement);

        var iam = await As(session, "iam", "list-users");
        var assumed = await As(session, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/Reader", "--role-session-name", "via-session");

        iam.StdErr.ShouldContain("(InvalidClientTokenId)");
        assumed.ExitCode.ShouldBe(0, assumed.StdErr);
    }

    [Fact]
    public async Task AssumeRole_WithAwsSdkForDotNet_WorksLikeTheCli()
    {
        using var client = SdkClient(new BasicAWSCredentials(_dev.Id, _dev.Secret));

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Partner",
            RoleSessionName = "sdk-session",
            ExternalId = ExternalId,
            DurationSeconds = 900,
            Tags = [new Tag { Key = "team", Value = "ml" }],
        });

        response.AssumedRoleUser.Arn.ShouldBe("arn:aws:sts::123456789012:assumed-role/Partner/sdk-session");
        using var session = SdkClient(new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken));
        (await session.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn.ShouldBe(response.AssumedRoleUser.Arn);
        var refused = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Partner",
            RoleSessionName = "sdk-session",
        }));
        refused.ErrorCode.ShouldBe("AccessDenied");

        using var outsider = SdkClient(new BasicAWSCredentials(_outsider.Id, _outsider.Secret));
        var untrusted = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => outsider.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Reader",
            RoleSessionName = "sdk-outsider",
        }));
        untrusted.ErrorCode.ShouldBe("AccessDenied");

        var reader = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/Reader", RoleSessionName = "sdk-hop-1" });
        using var chained = SdkClient(new SessionAWSCredentials(reader.Credentials.AccessKeyId, reader.Credentials.SecretAccessKey, reader.Credentials.SessionToken));
        var tooLong = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => chained.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Chained",
            RoleSessionName = "sdk-hop-2",
            DurationSeconds = 7200,
        }));
        tooLong.ErrorCode.ShouldBe("ValidationError");
        tooLong.Message.ShouldBe("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        var narrowed = await client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Reader",
            RoleSessionName = "sdk-narrow",
            Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}]}""",
        });
        using var narrowedClient = SdkClient(new SessionAWSCredentials(narrowed.Credentials.AccessKeyId, narrowed.Credentials.SecretAccessKey, narrowed.Credentials.SessionToken));
        var cannotChain = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => narrowedClient.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::123456789012:role/Chained",
            RoleSessionName = "sdk-hop-3",
        }));
        cannotChain.ErrorCode.ShouldBe("AccessDenied");
        cannotChain.Message.ShouldContain("because no session policy allows the sts:AssumeRole action");
    }

    private static string Trust(string principalArn) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principalArn}}"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";

    private static (string Id, string Secret, string Token) Credentials(JsonElement response)
    {
        var credentials = response.GetProperty("Credentials");
        return (credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString()!);
    }

    private async Task<(string Id, string Secret)> CreateUserAsync(string name, string policy)
    {
        await Root("iam", "create-user", "--user-name", name);
        await Root("iam", "put-user-policy", "--user-name", name, "--policy-name", "assume", "--policy-document", policy);
        var key = JsonDocument.Parse(await Root("iam", "create-access-key", "--user-name", name)).RootElement.GetProperty("AccessKey");
        return (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
    }

    private async Task<(string Id, string Secret, string Token)> AssumeAsync((string Id, string Secret) caller, string roleArn, string sessionName, params string[] extra)
    {
        var (exitCode, stdout, stderr) = await Cli(caller, null, ["sts", "assume-role", "--role-arn", roleArn, "--role-session-name", sessionName, .. extra]);
        exitCode.ShouldBe(0, stderr);
        return Credentials(JsonDocument.Parse(stdout).RootElement);
    }

    private async Task<string> Root(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await Cli(_root, null, arguments);
        exitCode.ShouldBe(0, stderr);
        return stdout;
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> As((string Id, string Secret, string Token) session, params string[] arguments) =>
        Cli((session.Id, session.Secret), session.Token, arguments);

    private Task<(int ExitCode, string StdOut, string StdErr)> Cli((string Id, string Secret) key, string? token, params string[] arguments) =>
        AwsCli.RunAsync(_server.Settings.EndpointUrl, _server.CertificatePath, key.Id, key.Secret, arguments, sessionToken: token);

    private AmazonSecurityTokenServiceClient SdkClient(AWSCredentials credentials)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(_server.CertificatePath);
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = _server.Settings.EndpointUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new TrustingHttpClientFactory(trusted),
        };
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private sealed class TrustingHttpClientFactory(X509Certificate2 trusted) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.RawData.AsSpan().SequenceEqual(trusted.RawData),
            };
            return new HttpClient(handler);
        }
    }
}
