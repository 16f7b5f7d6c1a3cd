using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>The AWS SDK for .NET (its own SigV4 signer and query protocol parser) against the real server.</summary>
public sealed class DotNetSdkClientTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    [Fact]
    public async Task GetCallerIdentity_FromAWSSDK_NamesTheRootUser()
    {
        using var client = CreateClient(SignedServerFixture.SecretAccessKey);

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        identity.Account.ShouldBe(SignedServerFixture.AccountId);
        identity.Arn.ShouldBe($"arn:aws:iam::{SignedServerFixture.AccountId}:root");
    }

    [Fact]
    public async Task GetCallerIdentity_FromAWSSDKWithAWrongSecret_IsRefusedWithSignatureDoesNotMatch()
    {
        using var client = CreateClient(new string('q', 40));

        var error = await Should.ThrowAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        error.ErrorCode.ShouldBe("SignatureDoesNotMatch");
        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    private AmazonSecurityTokenServiceClient CreateClient(string secret)
    {
        var trusted = X509CertificateLoader.LoadCertificateFromFile(fixture.Server.CaCertPath);
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = fixture.Server.BaseUrl,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new TrustingHttpClientFactory(trusted),
        };
        return new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(SignedServerFixture.AccessKeyId, secret), config);
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
