using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// Models, endpoint configurations, endpoints and InvokeEndpoint end to end with the aws CLI against the built server
/// and real runc: the serving image pushed with skopeo, model.tar.gz put with <c>aws s3 cp</c>, a role from
/// <c>aws iam create-role</c>, the endpoint waited for with the CLI waiters and invoked with
/// <c>aws sagemaker-runtime invoke-endpoint</c>.
/// </summary>
public sealed class EndpointApiTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [RuncFact]
    public async Task IsolatedEndpoint_ServesTheModelsAnswer_HasOnlyLoopback_LogsAndDeletesWithoutLeftovers()
    {
        var setup = await SetUpAsync();
        using var hostListener = new TcpListener(IPAddress.Loopback, 0);
        hostListener.Start();
        var hostPort = ((IPEndPoint)hostListener.LocalEndpoint).Port;
        var name = RegistryServerFixture.Unique("ep");
        await CreateModelAsync(setup, name, $"HOST_ADDR=127.0.0.1,HOST_PORT={hostPort}", isolated: true);
        var model = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model", "--model-name", name)).StdOut);
        model.GetProperty("EnableNetworkIsolation").GetBoolean().ShouldBeTrue();
        model.GetProperty("ExecutionRoleArn").GetString().ShouldBe(setup.RoleArn);
        await CreateConfigAndEndpointAsync(name);

        var described = await WaitForStatusAsync(name);
        described.GetProperty("EndpointStatus").GetString().ShouldBe("InService", described.ToString());
        var waiter = await fixture.Aws("sagemaker", "wait", "endpoint-in-service", "--endpoint-name", name);
        waiter.ExitCode.ShouldBe(0, waiter.StdErr);
        var variant = described.GetProperty("ProductionVariants")[0];
        variant.GetProperty("VariantName").GetString().ShouldBe("AllTraffic");
        variant.GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(1);
        variant.GetProperty("DesiredInstanceCount").GetInt32().ShouldBe(1);

        var (answer, output) = await InvokeAsync(name, "hello", "--custom-attributes", "trace=7");
        answer.ShouldBe("forty-two:hello");
        output.GetProperty("ContentType").GetString().ShouldBe("application/x-answer");
        output.GetProperty("InvokedProductionVariant").GetString().ShouldBe("AllTraffic");
        output.GetProperty("CustomAttributes").GetString().ShouldBe("trace=7");

        // Isolation: the container sees only lo, its 127.0.0.1 is its own, and the host's listener never hears from it.
        var (probe, _) = await InvokeAsync(name, "probe");
        probe.ShouldBe("interfaces=lo, host=unreachable");
        hostListener.Pending().ShouldBeFalse();

        var streams = await fixture.Aws("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/Endpoints/" + name);
        streams.ExitCode.ShouldBe(0, streams.StdErr);
        var stream = RegistryServerFixture.Json(streams.StdOut).GetProperty("logStreams")[0].GetProperty("logStreamName").GetString()!;
        stream.ShouldStartWith("AllTraffic/i-");
        var logs = await fixture.Aws("logs", "get-log-events", "--log-group-name", "/aws/sagemaker/Endpoints/" + name, "--log-stream-name", stream, "--start-from-head");
        logs.ExitCode.ShouldBe(0, logs.StdErr);
        logs.StdOut.ShouldContain("serving on 8080 with model files: answer.txt weights");

        var listed = await fixture.Aws("sagemaker", "list-endpoints", "--name-contains", name, "--status-equals", "InService");
        RegistryServerFixture.Json(listed.StdOut).GetProperty("Endpoints").EnumerateArray().Select(e => e.GetProperty("EndpointName").GetString()).ShouldBe([name]);

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        var deleted = await fixture.Aws("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", name);
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        var gone = await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", name);
        gone.ExitCode.ShouldNotBe(0);
        gone.StdErr.ShouldContain($"Could not find endpoint \"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:endpoint/{name}\"");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task ContainerAnswering400_SurfacesAsModelErrorWithTheOriginalStatusAndMessage()
    {
        var setup = await SetUpAsync();
        var name = RegistryServerFixture.Unique("ep-err");
        await CreateModelAsync(setup, name, "HOST_ADDR=127.0.0.1,HOST_PORT=9", isolated: false);
        await CreateConfigAndEndpointAsync(name);
        (await WaitForStatusAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

        var body = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("body"));
        await File.WriteAllTextAsync(body, "error-in-row-3");
        var result = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--content-type", "text/csv", "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-" + name));
        result.ExitCode.ShouldNotBe(0);
        result.StdErr.ShouldContain("(ModelError)");
        result.StdErr.ShouldContain("Received client error (400) from primary with message \"cannot parse input: error-in-row-3\"");

        // botocore's parsed error carries the modeled members.
        var parsed = await BotoErrorAsync(name, "error-again");
        parsed.GetProperty("Error").GetProperty("Code").GetString().ShouldBe("ModelError");
        parsed.GetProperty("OriginalStatusCode").GetInt32().ShouldBe(400);
        parsed.GetProperty("OriginalMessage").GetString().ShouldBe("cannot parse input: error-again");
        parsed.GetProperty("LogStreamArn").GetString()!.ShouldContain($":log-group:/aws/sagemaker/Endpoints/{name}:log-stream:AllTraffic/i-");

        var missing = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "no-such-" + name, "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-missing"));
        missing.StdErr.ShouldContain("(ValidationError)");
        missing.StdErr.ShouldContain($"Endpoint no-such-{name} of account {RegistryServerFixture.AccountId} not found.");
        var wrongVariant = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--target-variant", "Other", "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-variant"));
        wrongVariant.StdErr.ShouldContain("(ValidationError)");

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task ContainerWhosePingFails_EndsFailedWithTheReason_AndTheWaiterFails()
    {
        var setup = await SetUpAsync();
        var name = RegistryServerFixture.Unique("ep-sick");
        await CreateModelAsync(setup, name, "SERVE_MODE=sick", isolated: true);
        await CreateConfigAndEndpointAsync(name);
        var described = await WaitForStatusAsync(name);
        described.GetProperty("EndpointStatus").GetString().ShouldBe("Failed");
        described.GetProperty("FailureReason").GetString()!.ShouldStartWith("The primary container for production variant AllTraffic did not pass the ping health check.");
        var waiter = await fixture.Aws("sagemaker", "wait", "endpoint-in-service", "--endpoint-name", name);
        waiter.ExitCode.ShouldNotBe(0);
        waiter.StdErr.ShouldContain("Failed");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();

        var crash = RegistryServerFixture.Unique("ep-crash");
        await CreateModelAsync(setup, crash, "SERVE_MODE=crash", isolated: true);
        await CreateConfigAndEndpointAsync(crash);
        var crashed = await WaitForStatusAsync(crash);
        crashed.GetProperty("EndpointStatus").GetString().ShouldBe("Failed");
        crashed.GetProperty("FailureReason").GetString()!.ShouldContain("exited with code 4: cannot load the model");
        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", crash)).ExitCode.ShouldBe(0);
    }

    [RuncFact]
    public async Task UserWithoutInvokePermission_IsDenied_AndModelErrorsUseSageMakerTexts()
    {
        var user = RegistryServerFixture.Unique("caller");
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:DescribeEndpoint","Resource":"*"}]}""";
        (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "describe-only", "--policy-document", policy)).ExitCode.ShouldBe(0);
        var key = RegistryServerFixture.Json((await fixture.Aws("iam", "create-access-key", "--user-name", user)).StdOut).GetProperty("AccessKey");
        var body = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("body"));
        await File.WriteAllTextAsync(body, "hello");
        var denied = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!, "sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "some-endpoint", "--body", "fileb://" + body, Path.Combine(fixture.WorkDir, "out-denied"));
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("AccessDeniedException");
        denied.StdErr.ShouldContain($"is not authorized to perform: sagemaker:InvokeEndpoint on resource: arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:endpoint/some-endpoint");

        var missing = await fixture.Aws("sagemaker", "describe-model", "--model-name", "no-such-model");
        missing.StdErr.ShouldContain($"Could not find model \"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model/no-such-model\".");
        var config = await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", RegistryServerFixture.Unique("cfg"), "--production-variants", "VariantName=AllTraffic,ModelName=no-such-model,InitialInstanceCount=1,InstanceType=ml.m5.large");
        config.StdErr.ShouldContain("Could not find model");
        var vpc = await fixture.Aws("sagemaker", "create-model", "--model-name", RegistryServerFixture.Unique("vpc"), "--primary-container", "Image=" + fixture.Image, "--vpc-config", "SecurityGroupIds=sg-0123456789abcdef0,Subnets=subnet-0123456789abcdef0");
        vpc.StdErr.ShouldContain("subnet-0123456789abcdef0 in VpcConfig do not exist");
        var other = await fixture.Aws("sagemaker", "create-model", "--model-name", RegistryServerFixture.Unique("other"), "--primary-container", "Image=registry.example.com/team/model:v1");
        other.StdErr.ShouldContain("not in this server's registry");
        var first = RegistryServerFixture.Unique("dup");
        (await fixture.Aws("sagemaker", "create-model", "--model-name", first, "--primary-container", "Image=" + fixture.Image, "--tags", "Key=team,Value=ml")).ExitCode.ShouldBe(0);
        var again = await fixture.Aws("sagemaker", "create-model", "--model-name", first, "--primary-container", "Image=" + fixture.Image);
        again.StdErr.ShouldContain("Cannot create already existing model");
        var tags = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model/{first}");
        RegistryServerFixture.Json(tags.StdOut).GetProperty("Tags")[0].GetProperty("Value").GetString().ShouldBe("ml");
        (await fixture.Aws("sagemaker", "delete-model", "--model-name", first)).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-model", "--model-name", first)).StdErr.ShouldContain("Could not find model");
    }

    private sealed record Setup(string ModelDataUrl, string RoleArn, string Prefix);

    private async Task<Setup> SetUpAsync()
    {
        var bucket = RegistryServerFixture.Unique("models");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("model") + ".tar.gz");
        await File.WriteAllBytesAsync(archive, ServingImage.ModelArchive("forty-two"));
        var put = await fixture.Aws("s3", "cp", archive, $"s3://{bucket}/model/model.tar.gz");
        put.ExitCode.ShouldBe(0, put.StdErr);
        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("sagemaker-role"), "--assume-role-policy-document", TrustPolicy);
        role.ExitCode.ShouldBe(0, role.StdErr);
        var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;

        // The server names its serving containers from its data directory (EndpointService): the same derivation here.
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        return new Setup($"s3://{bucket}/model/model.tar.gz", roleArn, $"se{tag}-");
    }

    private async Task CreateModelAsync(Setup setup, string name, string environment, bool isolated)
    {
        string[] arguments =
        [
            "sagemaker", "create-model", "--model-name", name,
            "--primary-container", $"Image={fixture.Image},ModelDataUrl={setup.ModelDataUrl},Environment={{{environment}}}",
            "--execution-role-arn", setup.RoleArn,
        ];
        var create = await fixture.Aws(isolated ? [.. arguments, "--enable-network-isolation"] : arguments);
        create.ExitCode.ShouldBe(0, create.StdErr);
        RegistryServerFixture.Json(create.StdOut).GetProperty("ModelArn").GetString().ShouldEndWith(":model/" + name);
    }

    private async Task CreateConfigAndEndpointAsync(string name)
    {
        var config = await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", name, "--production-variants", $"VariantName=AllTraffic,ModelName={name},InitialInstanceCount=1,InstanceType=ml.m5.large");
        config.ExitCode.ShouldBe(0, config.StdErr);
        var endpoint = await fixture.Aws("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name);
        endpoint.ExitCode.ShouldBe(0, endpoint.StdErr);
    }

    /// <summary>Polls DescribeEndpoint until the endpoint leaves Creating (bounded), so the CLI waiter, which sleeps 30 s between polls, then answers at once.</summary>
    private async Task<JsonElement> WaitForStatusAsync(string name)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var describe = await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", name);
            describe.ExitCode.ShouldBe(0, describe.StdErr);
            var json = RegistryServerFixture.Json(describe.StdOut);
            if (json.GetProperty("EndpointStatus").GetString() is "InService" or "Failed")
            {
                return json;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"endpoint {name} did not leave Creating; server output:\n{fixture.Server.Output}");
    }

    private async Task<(string Answer, JsonElement Output)> InvokeAsync(string name, string body, params string[] extra)
    {
        var input = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("in"));
        var output = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"));
        await File.WriteAllTextAsync(input, body);
        var result = await fixture.Aws(["sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--content-type", "text/plain", "--body", "fileb://" + input, .. extra, output]);
        result.ExitCode.ShouldBe(0, result.StdErr);
        return (await File.ReadAllTextAsync(output), RegistryServerFixture.Json(result.StdOut));
    }

    /// <summary>The error botocore parses from InvokeEndpoint (its ClientError response), as JSON.</summary>
    private async Task<JsonElement> BotoErrorAsync(string name, string body)
    {
        var script = """
            import json, sys, boto3, botocore
            client = boto3.client("sagemaker-runtime", endpoint_url=sys.argv[1], region_name="us-east-1", verify=sys.argv[2],
                aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4])
            try:
                client.invoke_endpoint(EndpointName=sys.argv[5], Body=sys.argv[6].encode(), ContentType="text/plain")
                print("{}")
            except botocore.exceptions.ClientError as e:
                r = dict(e.response); r.pop("ResponseMetadata", None)
                print(json.dumps(r, default=str))
            """;
        var path = Path.Combine(fixture.WorkDir, "boto-invoke.py");
        await File.WriteAllTextAsync(path, script);
        var start = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { path, fixture.Server.BaseUrl, fixture.Server.CaCertPath, RegistryServerFixture.AccessKeyId, RegistryServerFixture.SecretAccessKey, name, body })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout);
    }
}
