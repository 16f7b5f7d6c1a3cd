using System.Net;
using System.Text;

namespace SageKeep.IntegrationTests.Protocols;

/// <summary>The unmodified aws CLI against the protocol layer: it must read every refusal as AWS's.</summary>
public sealed class AwsCliProtocolTests(ProtocolServerFixture server) : IClassFixture<ProtocolServerFixture>
{
    [Theory]
    [InlineData("UnrecognizedClientException", "ListTrainingJobs", "The security token included in the request is invalid.", "sagemaker", "list-training-jobs")]
    [InlineData("MissingAuthenticationTokenException", "ListTrainingJobs", "Missing Authentication Token", "sagemaker", "list-training-jobs", "--no-sign-request")]
    [InlineData("InvalidClientTokenId", "GetCallerIdentity", "The security token included in the request is invalid.", "sts", "get-caller-identity")]
    [InlineData("MissingAuthenticationToken", "ListUsers", "Request is missing Authentication Token", "iam", "list-users", "--no-sign-request")]
    [InlineData("AuthFailure", "DescribeVpcs", "AWS was not able to validate the provided access credentials", "ec2", "describe-vpcs")]
    [InlineData("UnrecognizedClientException", "DescribeRepositories", "The security token included in the request is invalid.", "ecr", "describe-repositories")]
    [InlineData("UnrecognizedClientException", "DescribeLogGroups", "The security token included in the request is invalid.", "logs", "describe-log-groups")]
    [InlineData("InvalidAccessKeyId", "ListBuckets", "The AWS Access Key Id you provided does not exist in our records.", "s3api", "list-buckets")]
    [InlineData("AccessDenied", "ListBuckets", "Access Denied", "s3api", "list-buckets", "--no-sign-request")]
    public async Task AwsCli_RefusedCall_PrintsAwssErrorLine(string code, string operation, string message, params string[] arguments)
    {
        var (exitCode, _, stderr) = await AwsCli.RunAsync(server.BaseAddress, arguments);

        exitCode.ShouldBe(255, stderr);
        stderr.ShouldContain($"An error occurred ({code}) when calling the {operation} operation: {message}");
    }

    [Fact]
    public async Task AwsCli_InvokeEndpoint_IsRefusedWithUnrecognizedClientException()
    {
        var output = Path.Combine(Path.GetTempPath(), $"sagekeep-invoke-{Guid.NewGuid():N}.out");
        try
        {
            var (exitCode, _, stderr) = await AwsCli.RunAsync(server.BaseAddress, "sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "ep", "--body", "1,2", output);

            exitCode.ShouldBe(255, stderr);
            stderr.ShouldContain("An error occurred (UnrecognizedClientException) when calling the InvokeEndpoint operation");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Kestrel_BodyOverItsLimit_IsAnswered413InTheJsonShape()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent("{\"a\":\"" + new string('x', (int)ProtocolServerFixture.KestrelBodyLimit * 2) + "\"}", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker.ListTrainingJobs");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Headers.GetValues("x-amzn-ErrorType").ShouldBe(["RequestEntityTooLarge"]);
        response.Headers.Contains("x-amzn-RequestId").ShouldBeTrue();
    }
}
