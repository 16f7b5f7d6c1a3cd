using Microsoft.AspNetCore.Http;
using SageKeep.Server.Protocols.Routing;

namespace SageKeep.UnitTests.Server.Protocols;

public sealed class RequestRouterTests
{
    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79", "AKIDEXAMPLE", "us-east-1", "iam")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sagemaker/aws4_request,SignedHeaders=host,Signature=00", "AKID", "eu-west-1", "sagemaker")]
    public void CredentialScope_FromAuthorizationHeader_IsParsed(string authorization, string key, string region, string service)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;

        var scope = CredentialScope.FromRequest(context.Request).ShouldNotBeNull();

        scope.AccessKeyId.ShouldBe(key);
        scope.Region.ShouldBe(region);
        scope.Service.ShouldBe(service);
    }

    [Fact]
    public void CredentialScope_FromPresignedQuery_IsParsed()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request");

        CredentialScope.FromRequest(context.Request).ShouldNotBeNull().Service.ShouldBe("s3");
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws5_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID//us-east-1/iam/aws4_request")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public void CredentialScope_Malformed_IsNull(string authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;

        CredentialScope.FromRequest(context.Request).ShouldBeNull();
    }

    [Theory]
    [InlineData("POST", "/", "SageMaker.CreateTrainingJob", "application/x-amz-json-1.1", "", "AwsJson")]
    [InlineData("POST", "/", null, "application/x-www-form-urlencoded; charset=utf-8", "", "Query")]
    [InlineData("GET", "/", null, null, "?Action=ListUsers&Version=2010-05-08", "Query")]
    [InlineData("POST", "/endpoints/my-ep/invocations", null, "text/csv", "", "RuntimeRestJson")]
    [InlineData("GET", "/v2/", null, null, "", "Registry")]
    [InlineData("GET", "/v2", null, null, "", "Registry")]
    [InlineData("PUT", "/v2/repo/blobs/uploads/", null, null, "", "Registry")]
    [InlineData("GET", "/bucket/key", null, null, "", "S3")]
    [InlineData("PUT", "/v2bucket/key", null, null, "", "S3")]
    [InlineData("GET", "/", null, null, "", "S3")]
    public void Classify_PicksTheProtocolByItsMarkers(string method, string path, string? target, string? contentType, string query, string expected)
    {
        var context = new DefaultHttpContext();
        if (target is not null)
        {
            context.Request.Headers["X-Amz-Target"] = target;
        }

        if (contentType is not null)
        {
            context.Request.ContentType = contentType;
        }

        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);

        RequestRouter.Classify(method, path, context.Request.Headers, context.Request.Query).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("SageMaker.CreateTrainingJob", "sagemaker", "CreateTrainingJob")]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", "ecr", "GetAuthorizationToken")]
    [InlineData("Logs_20140328.PutLogEvents", "logs", "PutLogEvents")]
    [InlineData("DynamoDB_20120810.ListTables", null, "ListTables")]
    [InlineData("NoDot", null, "NoDot")]
    public void ResolveTarget_MapsTheTargetPrefixToTheService(string target, string? service, string operation)
    {
        RequestRouter.ResolveTarget(target).ShouldBe((service, operation));
    }

    [Theory]
    [InlineData("2010-05-08", null, "iam")]
    [InlineData("2011-06-15", null, "sts")]
    [InlineData("2016-11-15", null, "ec2")]
    [InlineData("2099-01-01", null, null)]
    [InlineData("2011-06-15", "iam", "iam")]
    [InlineData(null, "sts", "sts")]
    [InlineData("2010-05-08", "sagemaker", "iam")]
    public void ResolveQueryService_PrefersTheScopeThenTheVersion(string? version, string? scopeService, string? expected)
    {
        var scope = scopeService is null ? null : new CredentialScope("AKID", "20260101", "us-east-1", scopeService);

        RequestRouter.ResolveQueryService(version, scope).ShouldBe(expected);
    }
}
