using System.Text;
using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>The whole endpoint over DefaultHttpContext; answers checked through botocore's own parsers.</summary>
public sealed class AwsApiEndpointTests
{
    [Fact]
    public async Task Json_Unsigned_IsRefusedWithMissingAuthenticationTokenException()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.ListTrainingJobs", "{}", authorization: null);

        response.Status.ShouldBe(403);
        response.Header("x-amzn-ErrorType").ShouldBe("MissingAuthenticationTokenException");
        response.Header("Content-Type").ShouldBe("application/x-amz-json-1.1");
        var parsed = response.ParseWithBotocore("sagemaker", "ListTrainingJobs");
        parsed["Error"]!["Code"]!.GetValue<string>().ShouldBe("MissingAuthenticationTokenException");
        parsed["Error"]!["Message"]!.GetValue<string>().ShouldBe("Missing Authentication Token");
        parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe(response.Header("x-amzn-RequestId"));
        Guid.TryParse(response.Header("x-amzn-RequestId"), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Json_SignedWithDefaultAuthenticator_IsRefusedWithUnrecognizedClientException()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.ListTrainingJobs", "{}");

        response.Status.ShouldBe(400);
        var parsed = response.ParseWithBotocore("sagemaker", "ListTrainingJobs");
        parsed["Error"]!["Code"]!.GetValue<string>().ShouldBe("UnrecognizedClientException");
        parsed["Error"]!["Message"]!.GetValue<string>().ShouldBe("The security token included in the request is invalid.");
    }

    [Fact]
    public async Task Json_WithRequestIdFromHosting_AnswersWithThatId()
    {
        var response = await EndpointHarness.SendAsync(
            "POST", "/", new Dictionary<string, string> { ["X-Amz-Target"] = "SageMaker.ListTrainingJobs" }, "{}"u8.ToArray(),
            items: new Dictionary<object, object?> { [AwsApiEndpoint.RequestIdItem] = "req-123" });

        response.Header("x-amzn-RequestId").ShouldBe("req-123");
    }

    [Fact]
    public async Task Json_UnknownOperation_IsRefusedWithUnknownOperationException()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.LaunchRocket", "{}", configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.ParseWithBotocore("sagemaker")["Error"]!["Code"]!.GetValue<string>().ShouldBe("UnknownOperationException");
    }

    [Fact]
    public async Task Json_UnknownTargetPrefix_IsRefusedWithUnknownOperationException()
    {
        var response = await EndpointHarness.JsonAsync("DynamoDB_20120810.ListTables", "{}", configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.Header("x-amzn-ErrorType").ShouldBe("UnknownOperationException");
    }

    [Fact]
    public async Task Json_InvalidInput_IsRefusedWithValidationExceptionBeforeTheHandler()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.DescribeTrainingJob", "{\"TrainingJobName\":\"bad_name\"}", configure: TestOperationHandlers.Register);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("sagemaker", "DescribeTrainingJob")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("ValidationException");
        error["Message"]!.GetValue<string>().ShouldBe("1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }

    [Fact]
    public async Task Json_MalformedBody_IsRefusedWithSerializationException()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.DescribeTrainingJob", "{\"TrainingJobName\":", configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.ParseWithBotocore("sagemaker", "DescribeTrainingJob")["Error"]!["Code"]!.GetValue<string>().ShouldBe("SerializationException");
    }

    [Fact]
    public async Task Json_OperationWithoutHandler_IsRefusedAsNotSupported()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.ListTrainingJobs", "{}", configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("sagemaker", "ListTrainingJobs")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("UnknownOperationException");
        error["Message"]!.GetValue<string>().ShouldBe("The operation ListTrainingJobs of sagemaker is not supported by this server.");
    }

    [Fact]
    public async Task Json_HandledOperation_AnswersTheOutputAsBotocoreReadsIt()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.DescribeTrainingJob", "{\"TrainingJobName\":\"job-1\"}", configure: TestOperationHandlers.Register);

        response.Status.ShouldBe(200);
        response.Header("Content-Type").ShouldBe("application/x-amz-json-1.1");
        var parsed = response.ParseWithBotocore("sagemaker", "DescribeTrainingJob");
        parsed["TrainingJobName"]!.GetValue<string>().ShouldBe("job-1");
        parsed["TrainingJobStatus"]!.GetValue<string>().ShouldBe("InProgress");
        parsed["CreationTime"]!.GetValue<string>().ShouldBe("2026-01-02 03:04:05.678000+00:00");
        parsed["HyperParameters"]!["epochs"]!.GetValue<string>().ShouldBe("10");
        parsed["ResourceConfig"]!["InstanceCount"]!.GetValue<int>().ShouldBe(2);
        parsed.AsObject().ContainsKey("Internal").ShouldBeFalse();
    }

    [Fact]
    public async Task Json_HandlerThatThrows_AnswersInternalFailureWithTheRequestId()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.StopTrainingJob", "{\"TrainingJobName\":\"job-1\"}", configure: TestOperationHandlers.Register);

        response.Status.ShouldBe(500);
        var error = response.ParseWithBotocore("sagemaker", "StopTrainingJob")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("InternalFailure");
        error["Message"]!.GetValue<string>().ShouldContain(response.Header("x-amzn-RequestId"));
        error["Message"]!.GetValue<string>().ShouldNotContain("do not show");
    }

    [Fact]
    public async Task Json_HandlerError_IsWrittenInTheJsonShape()
    {
        var response = await EndpointHarness.JsonAsync("SageMaker.DeleteModel", "{\"ModelName\":\"m\"}", configure: TestOperationHandlers.Register);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("sagemaker", "DeleteModel")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("ResourceNotFound");
        error["Message"]!.GetValue<string>().ShouldBe("Could not find model \"m\".");
    }

    [Fact]
    public async Task Json_BodyOverTheBound_IsRefusedWith413()
    {
        var body = "{\"TrainingJobName\":\"" + new string('a', 1024 * 1024) + "\"}";

        var response = await EndpointHarness.JsonAsync("SageMaker.DescribeTrainingJob", body, configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(413);
        response.ParseWithBotocore("sagemaker", "DescribeTrainingJob")["Error"]!["Code"]!.GetValue<string>().ShouldBe("RequestEntityTooLarge");
    }

    [Fact]
    public async Task Query_Unsigned_IsRefusedWithMissingAuthenticationTokenInErrorResponse()
    {
        var response = await EndpointHarness.QueryAsync("Action=GetCallerIdentity&Version=2011-06-15", service: null);

        response.Status.ShouldBe(403);
        response.Text.ShouldContain("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>");
        var parsed = response.ParseWithBotocore("sts", "GetCallerIdentity");
        parsed["Error"]!["Code"]!.GetValue<string>().ShouldBe("MissingAuthenticationToken");
        parsed["Error"]!["Message"]!.GetValue<string>().ShouldBe("Request is missing Authentication Token");
        parsed["Error"]!["Type"]!.GetValue<string>().ShouldBe("Sender");
        parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe(response.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Query_SignedWithDefaultAuthenticator_IsRefusedWithInvalidClientTokenId()
    {
        var response = await EndpointHarness.QueryAsync("Action=ListUsers&Version=2010-05-08", "iam");

        response.Status.ShouldBe(403);
        response.ParseWithBotocore("iam", "ListUsers")["Error"]!["Code"]!.GetValue<string>().ShouldBe("InvalidClientTokenId");
    }

    [Fact]
    public async Task Query_UnknownAction_IsRefusedWithInvalidAction()
    {
        var response = await EndpointHarness.QueryAsync("Action=FlyAway&Version=2010-05-08", "iam", EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("iam")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("InvalidAction");
        error["Message"]!.GetValue<string>().ShouldBe("Could not find operation FlyAway for version 2010-05-08");
    }

    [Fact]
    public async Task Query_InvalidInput_IsRefusedWithValidationError()
    {
        var response = await EndpointHarness.QueryAsync("Action=CreateUser&Version=2010-05-08&UserName=bad%20name", "iam", EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("iam", "CreateUser")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("ValidationError");
        error["Message"]!.GetValue<string>().ShouldBe("1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    }

    [Fact]
    public async Task Query_HandledOperation_AnswersTheResultAsBotocoreReadsIt()
    {
        var response = await EndpointHarness.QueryAsync(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1", "sts", TestOperationHandlers.Register);

        response.Status.ShouldBe(200);
        var parsed = response.ParseWithBotocore("sts", "AssumeRole");
        parsed["Credentials"]!["AccessKeyId"]!.GetValue<string>().ShouldBe("ASIAEXAMPLEEXAMPLE12");
        parsed["Credentials"]!["Expiration"]!.GetValue<string>().ShouldBe("2026-01-02 03:04:05+00:00");
        parsed["AssumedRoleUser"]!["Arn"]!.GetValue<string>().ShouldBe("arn:aws:sts::123456789012:assumed-role/r/s1");
        parsed["PackedPolicySize"]!.GetValue<int>().ShouldBe(6);
        parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe(response.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Ec2_Unsigned_IsRefusedInTheEc2ErrorShape()
    {
        var response = await EndpointHarness.QueryAsync("Action=DescribeVpcs&Version=2016-11-15", service: null);

        response.Status.ShouldBe(403);
        response.Text.ShouldContain("<Response><Errors><Error><Code>MissingAuthenticationToken</Code>");
        var parsed = response.ParseWithBotocore("ec2", "DescribeVpcs");
        parsed["Error"]!["Code"]!.GetValue<string>().ShouldBe("MissingAuthenticationToken");
        parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe(response.Header("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Ec2_HandledOperation_AnswersTheResultAsBotocoreReadsIt()
    {
        var response = await EndpointHarness.QueryAsync("Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16", "ec2", TestOperationHandlers.Register);

        response.Status.ShouldBe(200);
        var vpc = response.ParseWithBotocore("ec2", "CreateVpc")["Vpc"]!;
        vpc["VpcId"]!.GetValue<string>().ShouldBe("vpc-0123");
        vpc["CidrBlock"]!.GetValue<string>().ShouldBe("10.0.0.0/16");
        vpc["IsDefault"]!.GetValue<bool>().ShouldBeFalse();
        vpc["Tags"]![0]!["Key"]!.GetValue<string>().ShouldBe("Name");
    }

    [Fact]
    public async Task Runtime_Unsigned_IsRefusedWithMissingAuthenticationTokenException()
    {
        var response = await EndpointHarness.SendAsync("POST", "/endpoints/ep/invocations", new Dictionary<string, string> { ["Content-Type"] = "text/csv" }, "1,2"u8.ToArray());

        response.Status.ShouldBe(403);
        response.ParseWithBotocore("sagemaker-runtime", "InvokeEndpoint")["Error"]!["Code"]!.GetValue<string>().ShouldBe("MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task Runtime_HandledInvocation_BindsLabelHeadersAndPayload_AndAnswersTheRawBody()
    {
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "text/csv",
            ["Accept"] = "application/json",
            ["Authorization"] = EndpointHarness.Signed("sagemaker"),
        };

        var response = await EndpointHarness.SendAsync("POST", "/endpoints/my-endpoint/invocations", headers, "1,2,3"u8.ToArray(), TestOperationHandlers.Register);

        response.Status.ShouldBe(200);
        var parsed = response.ParseWithBotocore("sagemaker-runtime", "InvokeEndpoint");
        parsed["Body"]!.GetValue<string>().ShouldBe("my-endpoint|text/csv|application/json|1,2,3");
        parsed["ContentType"]!.GetValue<string>().ShouldBe("text/plain");
        parsed["InvokedProductionVariant"]!.GetValue<string>().ShouldBe("AllTraffic");
    }

    [Theory]
    [InlineData("/endpoints/bad_name/invocations", "1,2", "1 validation error detected: Value 'bad_name' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*")]
    [InlineData("/endpoints/ep/invocations", "", "1 validation error detected: Value null at 'body' failed to satisfy constraint: Member must not be null")]
    public async Task Runtime_InvalidInvocation_IsRefusedWithValidationError(string path, string body, string expected)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "text/csv", ["Authorization"] = EndpointHarness.Signed("sagemaker") };

        var response = await EndpointHarness.SendAsync("POST", path, headers, Encoding.UTF8.GetBytes(body), TestOperationHandlers.Register);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("sagemaker-runtime", "InvokeEndpoint")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("ValidationError");
        error["Message"]!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public async Task Runtime_UnknownPath_IsRefusedWithUnknownOperation()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = EndpointHarness.Signed("sagemaker") };

        var response = await EndpointHarness.SendAsync("GET", "/endpoints/ep/other", headers, configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(404);
        response.Header("x-amzn-ErrorType").ShouldBe("UnknownOperationException");
    }

    [Fact]
    public async Task S3_HeadRequest_AnswersTheErrorStatusWithoutABody()
    {
        var response = await EndpointHarness.SendAsync("HEAD", "/bucket/key", new Dictionary<string, string>());

        response.Status.ShouldBe(403);
        response.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task S3_Unsigned_IsRefusedWithAccessDeniedAndS3RequestIds()
    {
        var response = await EndpointHarness.SendAsync("GET", "/bucket/key.txt", new Dictionary<string, string>());

        response.Status.ShouldBe(403);
        response.Header("x-amz-request-id").ShouldNotBeEmpty();
        response.Header("x-amz-id-2").ShouldNotBeEmpty();
        response.Text.ShouldContain("<Resource>/bucket/key.txt</Resource>");
        var parsed = response.ParseWithBotocore("s3", "GetObject");
        parsed["Error"]!["Code"]!.GetValue<string>().ShouldBe("AccessDenied");
        parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>().ShouldBe(response.Header("x-amz-request-id"));
    }

    [Fact]
    public async Task S3_SignedWithDefaultAuthenticator_IsRefusedWithInvalidAccessKeyId()
    {
        var response = await EndpointHarness.SendAsync("PUT", "/bucket", new Dictionary<string, string> { ["Authorization"] = EndpointHarness.Signed("s3") });

        response.Status.ShouldBe(403);
        response.ParseWithBotocore("s3", "CreateBucket")["Error"]!["Code"]!.GetValue<string>().ShouldBe("InvalidAccessKeyId");
    }

    [Fact]
    public async Task Registry_AnyRequest_IsAnsweredUnauthorizedWithBasicChallenge()
    {
        var response = await EndpointHarness.SendAsync("GET", "/v2/", new Dictionary<string, string>());

        response.Status.ShouldBe(401);
        response.Header("WWW-Authenticate").ShouldBe("Basic realm=\"sagekeep\"");
        response.Header("Docker-Distribution-API-Version").ShouldBe("registry/2.0");
        var error = JsonNode.Parse(response.Text)!["errors"]![0]!;
        error["code"]!.GetValue<string>().ShouldBe("UNAUTHORIZED");
    }

    [Fact]
    public async Task Presigned_Query_CountsAsSigned()
    {
        var response = await EndpointHarness.SendAsync(
            "GET", "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=00",
            new Dictionary<string, string>());

        response.Status.ShouldBe(403);
        response.ParseWithBotocore("s3", "GetObject")["Error"]!["Code"]!.GetValue<string>().ShouldBe("InvalidAccessKeyId");
    }
}
