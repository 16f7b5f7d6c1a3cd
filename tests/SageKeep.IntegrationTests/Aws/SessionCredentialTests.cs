using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// STS temporary credentials end to end: the aws CLI and the AWS SDK for .NET ask the real server for a
/// session token with the root key, then sign with the ASIA key, its secret and token.
/// </summary>
public sealed class SessionCredentialTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    private static string RootArn => $"arn:aws:iam::{SignedServerFixture.AccountId}:root";

    [Fact]
    public async Task GetSessionToken_AsRoot_GivesAwsShapedCredentials()
    {
        var before = DateTimeOffset.UtcNow;

        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        credentials.AccessKeyId.ShouldStartWith("ASIA");
        credentials.AccessKeyId.Length.ShouldBe(20);
        credentials.SecretAccessKey.Length.ShouldBe(40);
        credentials.SessionToken.ShouldNotBeNullOrWhiteSpace();
        credentials.Expiration.ShouldBeInRange(before.AddSeconds(899), DateTimeOffset.UtcNow.AddSeconds(901));
    }

    [Theory]
    [InlineData("--duration-seconds", "129600")]
    [InlineData("--duration-seconds", "3601")]
    [InlineData("--output", "json")]
    public async Task GetSessionToken_AsRootForLongerThanAnHourOrByDefault_IsLimitedToOneHour(string option, string value)
    {
        var before = DateTimeOffset.UtcNow;

        var credentials = await GetSessionTokenAsync(option, value);

        credentials.Expiration.ShouldBeInRange(before.AddSeconds(3599), DateTimeOffset.UtcNow.AddSeconds(3601));
    }

    [Fact]
    public async Task SessionCredentials_SignGetCallerIdentity_AsTheRootUser()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, stdout, stderr) = await AwsWith(credentials, credentials.SessionToken, "sts", "get-caller-identity");

        exitCode.ShouldBe(0, stderr);
        using var identity = JsonDocument.Parse(stdout);
        identity.RootElement.GetProperty("Arn").GetString().ShouldBe(RootArn);
        identity.RootElement.GetProperty("UserId").GetString().ShouldBe(SignedServerFixture.AccountId);
        identity.RootElement.GetProperty("Account").GetString().ShouldBe(SignedServerFixture.AccountId);
    }

    [Fact]
    public async Task SessionCredentials_PassAuthenticationOnAJsonService()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, _, stderr) = await AwsWith(credentials, credentials.SessionToken, "sagemaker", "list-notebook-instances");

        exitCode.ShouldBe(255, stderr);
        stderr.ShouldContain("not supported by this server");
    }

    [Fact]
    public async Task SessionCredentials_CannotAskForAnotherSessionToken()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, _, stderr) = await AwsWith(credentials, credentials.SessionToken, "sts", "get-session-token");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(AccessDenied)");
        stderr.ShouldContain("Cannot call GetSessionToken with session credentials");
    }

    [Fact]
    public async Task SessionTokenWithOneCharacterChanged_IsRefused()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");
        var chars = credentials.SessionToken.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';

        var query = await AwsWith(credentials, new string(chars), "sts", "get-caller-identity");
        var json = await AwsWith(credentials, new string(chars), "sagemaker", "list-training-jobs");

        query.ExitCode.ShouldBe(255);
        query.StdErr.ShouldContain("(InvalidClientTokenId)");
        json.ExitCode.ShouldBe(255);
        json.StdErr.ShouldContain("(UnrecognizedClientException)");
    }

    [Fact]
    public async Task SessionTokenOfAnotherSession_IsRefused()
    {
        var first = await GetSessionTokenAsync("--duration-seconds", "900");
        var second = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, _, stderr) = await AwsWith(first, second.SessionToken, "sts", "get-caller-identity");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidClientTokenId)");
    }

    [Fact]
    public async Task TemporaryKeyWithoutItsToken_IsRefused()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, _, stderr) = await AwsWith(credentials, sessionToken: null, "sts", "get-caller-identity");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidClientTokenId)");
    }

    [Fact]
    public async Task LongTermKeyWithASessionToken_IsRefused()
    {
        var credentials = await GetSessionTokenAsync("--duration-seconds", "900");

        var (exitCode, _, stderr) = await AwsCli.RunAsync(
            fixture.Server.BaseUrl, fixture.Server.CaCertPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey,
            ["sts", "get-caller-identity"], sessionToken: credentials.SessionToken);

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidClientTokenId)");
    }

    [Theory]
    [InlineData(899, "900")]
    [InlineData(129601, "129600")]
    public async Task GetSessionToken_OutsideFifteenMinutesToThirtySixHours_IsAValidationErrorFromTheModel(int seconds, string bound)
    {
        // botocore refuses 899 before sending (its own range check); the .NET SDK sends it, so the
        // server's model validation answers.
        using var root = CreateClient(new BasicAWSCredentials(SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey));

        var error = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => root.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = seconds }));

        error.ErrorCode.ShouldBe("ValidationError");
        error.Message.ShouldContain(bound);
    }

    [Fact]
    public async Task GetSessionToken_WithAnMfaCode_IsRefusedAsUnsupported()
    {
        var (exitCode, _, stderr) = await fixture.Aws(
            "sts", "get-session-token", "--serial-number", "arn:aws:iam::123456789012:mfa/root", "--token-code", "123456");

        exitCode.ShouldBe(255, stderr);
        stderr.ShouldContain("(ValidationError)");
        stderr.ShouldContain("MFA devices are not supported by this server");
    }

    [Fact]
    public async Task SessionCredentialsFromTheDotNetSdk_SignGetCallerIdentity()
    {
        using var root = CreateClient(new BasicAWSCredentials(SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey));
        var session = await root.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
        session.Credentials.AccessKeyId.ShouldStartWith("ASIA");

        using var temporary = CreateClient(new SessionAWSCredentials(
            session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken));
        var identity = await temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        identity.Arn.ShouldBe(RootArn);
        identity.UserId.ShouldBe(SignedServerFixture.AccountId);
    }

    private async Task<SessionCredentials> GetSessionTokenAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await fixture.Aws(["sts", "get-session-token", .. arguments]);
        exitCode.ShouldBe(0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var credentials = document.RootElement.GetProperty("Credentials");
        return new SessionCredentials(
            credentials.GetProperty("AccessKeyId").GetString()!,
            credentials.GetProperty("SecretAccessKey").GetString()!,
            credentials.GetProperty("SessionToken").GetString()!,
            DateTimeOffset.Parse(credentials.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> AwsWith(SessionCredentials credentials, string? sessionToken, params string[] arguments) =>
        AwsCli.RunAsync(
            fixture.Server.BaseUrl, fixture.Server.CaCertPath, credentials.AccessKeyId, credentials.SecretAccessKey, arguments, sessionToken: sessionToken);

    private AmazonSecurityTokenServiceClient CreateClient(AWSCredentials credentials)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(fixture.Server.CaCertPath);
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = fixture.Server.BaseUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new TrustingHttpClientFactory(trusted),
        };
        return new AmazonSecurityTokenServiceClient(credentials, config);
    }

    private sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
    {
        public override string ToString() => $"SessionCredentials {{ AccessKeyId = {AccessKeyId} }}";
    }

    /// <summary>Trusts exactly the server's self-signed certificate, as --ca-bundle does for the CLI.</summary>
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
