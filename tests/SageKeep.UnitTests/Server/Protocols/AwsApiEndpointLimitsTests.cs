using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SageKeep.Server.Protocols;
using SageKeep.Server.ServiceModels;

namespace SageKeep.UnitTests.Server.Protocols;

/// <summary>Body bounds and transport failures answered in the protocol's shape, never as a crash.</summary>
public sealed class AwsApiEndpointLimitsTests
{
    [Fact]
    public async Task Body_WhenKestrelRefusesItAsTooLarge_IsAnswered413InTheProtocolShape()
    {
        var context = NewContext(new ThrowingStream(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)));

        await NewEndpoint().HandleAsync(context);

        context.Response.StatusCode.ShouldBe(413);
        context.Response.Headers["x-amzn-ErrorType"].ToString().ShouldBe("RequestEntityTooLarge");
    }

    [Fact]
    public async Task Body_WhenTheConnectionBreaksMidBody_IsAnswered400()
    {
        var context = NewContext(new ThrowingStream(new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest)));

        await NewEndpoint().HandleAsync(context);

        context.Response.StatusCode.ShouldBe(400);
        context.Response.Headers["x-amzn-ErrorType"].ToString().ShouldBe("SerializationException");
    }

    [Fact]
    public async Task Body_ChunkedWithoutLength_IsRefusedOnceItPassesTheBound()
    {
        var context = NewContext(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 5000) + "\"}")));
        context.Request.ContentLength = null;

        await NewEndpoint(maxBodyBytes: 4096).HandleAsync(context);

        context.Response.StatusCode.ShouldBe(413);
    }

    [Fact]
    public async Task Query_WithTooManyParameters_IsRefusedWithMalformedInput()
    {
        var form = "Action=ListUsers&Version=2010-05-08&" + string.Join('&', Enumerable.Range(0, 20_000).Select(i => $"p{i}=1"));

        var response = await EndpointHarness.QueryAsync(form, "iam", EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.Text.ShouldContain("<Code>MalformedInput</Code>");
    }

    [Fact]
    public async Task Query_SentAsGetWithParametersInTheUrl_IsRouted()
    {
        var response = await EndpointHarness.SendAsync(
            "GET", "/?Action=CreateUser&Version=2010-05-08&UserName=bad%20name",
            new Dictionary<string, string> { ["Authorization"] = EndpointHarness.Signed("iam") },
            configure: EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.Text.ShouldContain("<Code>ValidationError</Code>");
    }

    [Fact]
    public async Task Query_WithoutAction_IsRefusedWithMissingAction()
    {
        var response = await EndpointHarness.QueryAsync("Version=2010-05-08", "iam", EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        response.Text.ShouldContain("<Code>MissingAction</Code>");
    }

    [Fact]
    public async Task Ec2_InvalidInput_IsRefusedInTheEc2Shape()
    {
        var response = await EndpointHarness.QueryAsync("Action=CreateVpc&Version=2016-11-15&InstanceTenancy=bogus", "ec2", EndpointHarness.AcceptAll);

        response.Status.ShouldBe(400);
        var error = response.ParseWithBotocore("ec2", "CreateVpc")["Error"]!;
        error["Code"]!.GetValue<string>().ShouldBe("InvalidParameterValue");
        error["Message"]!.GetValue<string>().ShouldContain("Member must satisfy enum value set: [default, dedicated, host]");
    }

    private static DefaultHttpContext NewContext(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/";
        context.Request.Headers["X-Amz-Target"] = "SageMaker.ListTrainingJobs";
        context.Request.Headers.Authorization = EndpointHarness.SignedJson;
        context.Request.Body = body;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static AwsApiEndpoint NewEndpoint(long maxBodyBytes = 1024 * 1024) =>
        new(
            ServiceModelCatalog.Shared,
            new RefusingRequestAuthenticator(),
            new OperationHandlerRegistry([]),
            new AllowingAuthorizer(),
            Options.Create(new AwsProtocolOptions { MaxBodyBytes = maxBodyBytes }),
            NullLogger<AwsApiEndpoint>.Instance);

    private sealed class ThrowingStream(Exception exception) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(exception);
    }
}
