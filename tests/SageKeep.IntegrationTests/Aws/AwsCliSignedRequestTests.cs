using System.Net;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Infrastructure;

namespace SageKeep.IntegrationTests.Aws;

/// <summary>
/// The real aws CLI and botocore's signer against the real server over TLS: signed requests are
/// verified against the key store, and every refusal has the protocol's AWS error shape.
/// </summary>
public sealed class AwsCliSignedRequestTests(SignedServerFixture fixture) : IClassFixture<SignedServerFixture>
{
    [Fact]
    public async Task GetCallerIdentity_SignedByTheAwsCli_NamesTheRootUser()
    {
        var (exitCode, stdout, stderr) = await fixture.Aws("sts", "get-caller-identity");

        exitCode.ShouldBe(0, stderr);
        using var identity = JsonDocument.Parse(stdout);
        identity.RootElement.GetProperty("Account").GetString().ShouldBe(SignedServerFixture.AccountId);
        identity.RootElement.GetProperty("Arn").GetString().ShouldBe($"arn:aws:iam::{SignedServerFixture.AccountId}:root");
        identity.RootElement.GetProperty("UserId").GetString().ShouldBe(SignedServerFixture.AccountId);
    }

    [Fact]
    public async Task JsonService_WithAWrongSecret_IsRefusedWithInvalidSignatureException()
    {
        var (exitCode, _, stderr) = await fixture.AwsAs(SignedServerFixture.AccessKeyId, new string('x', 40), "sagemaker", "list-training-jobs");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidSignatureException) when calling the ListTrainingJobs operation");
        stderr.ShouldContain("The Canonical String for this request should have been");
        stderr.ShouldNotContain(SignedServerFixture.SecretAccessKey);
    }

    [Fact]
    public async Task QueryService_WithAWrongSecret_IsRefusedWithSignatureDoesNotMatch()
    {
        var (exitCode, _, stderr) = await fixture.AwsAs(SignedServerFixture.AccessKeyId, new string('x', 40), "sts", "get-caller-identity");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(SignatureDoesNotMatch) when calling the GetCallerIdentity operation");
    }

    [Fact]
    public async Task UnknownAccessKey_IsRefusedWithEachProtocolsCode()
    {
        var json = await fixture.AwsAs("AKIAUNKNOWNKEY000000", SignedServerFixture.SecretAccessKey, "sagemaker", "list-training-jobs");
        var query = await fixture.AwsAs("AKIAUNKNOWNKEY000000", SignedServerFixture.SecretAccessKey, "sts", "get-caller-identity");

        json.StdErr.ShouldContain("(UnrecognizedClientException)");
        json.StdErr.ShouldContain("The security token included in the request is invalid.");
        query.StdErr.ShouldContain("(InvalidClientTokenId)");
    }

    [Fact]
    public async Task CredentialScopedToAnotherRegion_IsRefusedWithAwsScopeMessage()
    {
        var (exitCode, _, stderr) = await AwsCli.RunAsync(
            fixture.Server.BaseUrl, fixture.Server.CaCertPath, SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey,
            ["sts", "get-caller-identity"], region: "eu-west-1");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("Credential should be scoped to a valid region, not 'eu-west-1'.");
    }

    [Fact]
    public async Task SessionTokenThatNoStsIssued_IsRefused()
    {
        var (exitCode, _, stderr) = await AwsCli.RunAsync(
            fixture.Server.BaseUrl, fixture.Server.CaCertPath, "ASIAIOSFODNN7EXAMPLE", SignedServerFixture.SecretAccessKey,
            ["sts", "get-caller-identity"], sessionToken: "forged-token");

        exitCode.ShouldBe(255);
        stderr.ShouldContain("(InvalidClientTokenId)");
    }

    [Fact]
    public async Task UnsignedJsonRequest_GetsMissingAuthenticationTokenInJsonShape()
    {
        using var client = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker.ListTrainingJobs");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.GetValues("x-amzn-ErrorType").ShouldContain(v => v.StartsWith("MissingAuthenticationTokenException", StringComparison.Ordinal));
        response.Headers.Contains("x-amzn-RequestId").ShouldBeTrue();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("__type").GetString()!.ShouldEndWith("MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task UnsignedQueryRequest_GetsMissingAuthenticationTokenInXmlShape()
    {
        using var client = fixture.Server.CreateClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" });

        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var xml = await response.Content.ReadAsStringAsync();
        xml.ShouldContain("<Code>MissingAuthenticationToken</Code>");
        xml.ShouldContain("<Type>Sender</Type>");
        xml.ShouldContain("<RequestId>");
    }

    [Fact]
    public async Task SignedRequestForAnUnknownOperation_GetsUnknownOperationException()
    {
        using var response = await SendSignedJsonAsync("SageMaker.NoSuchOperation", "{}"u8.ToArray());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("__type").GetString()!.ShouldEndWith("UnknownOperationException");
    }

    [Fact]
    public async Task SignedRequestOverTheBodyLimit_IsRefusedWith413InJsonShape()
    {
        var body = Encoding.UTF8.GetBytes("{\"NameContains\":\"" + new string('a', SignedServerFixture.MaxBodyBytes) + "\"}");

        // Expect: 100-continue, as clients do for large bodies: the server refuses on the headers alone,
        // so the client never writes a body the server has stopped reading (a race otherwise).
        using var response = await SendSignedJsonAsync("SageMaker.ListTrainingJobs", body, expectContinue: true);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        error.RootElement.GetProperty("message").GetString()!.ShouldContain("maximum allowed size");
    }

    [Fact]
    public async Task SignedJsonRequestThatFailsModelValidation_GetsValidationExceptionInAwsWords()
    {
        using var response = await SendSignedJsonAsync("SageMaker.DescribeTrainingJob", "{\"TrainingJobName\":\"not a valid name!\"}"u8.ToArray());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        error.RootElement.GetProperty("__type").GetString()!.ShouldEndWith("ValidationException");
        error.RootElement.GetProperty("message").GetString()!.ShouldStartWith("1 validation error detected: Value 'not a valid name!' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern");
    }

    private async Task<HttpResponseMessage> SendSignedJsonAsync(string target, byte[] body, bool expectContinue = false)
    {
        var url = fixture.Server.BaseUrl + "/";
        var headers = await BotocoreSigner.SignAsync(
            "POST", url, new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = target },
            body, "sagemaker", "us-east-1", SignedServerFixture.AccessKeyId, SignedServerFixture.SecretAccessKey);
        using var client = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        request.Headers.ExpectContinue = expectContinue;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await client.SendAsync(request);
    }
}
