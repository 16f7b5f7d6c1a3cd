using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// Models with several containers end to end with the aws CLI and real runc: a serial inference pipeline (each
/// container's answer is the next one's request), Direct invocation by TargetContainerHostname, and a container
/// failing its ping. Every container of the test image prefixes the body with its model's answer, so the answer shows
/// which containers saw a request and in which order.
/// </summary>
public sealed class MultiContainerEndpointTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private readonly EndpointSteps _steps = new(fixture);

    [RuncFact]
    public async Task SerialPipeline_PassesEachAnswerToTheNextContainer_InOrder_AndRunsTheContainersSideBySideIsolated()
    {
        var name = RegistryServerFixture.Unique("ep-serial");
        await CreateModelAsync(name, null, ("first", "a", null), ("second", "b", null));
        var model = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model", "--model-name", name)).StdOut);
        model.GetProperty("Containers").GetArrayLength().ShouldBe(2);
        model.GetProperty("Containers")[1].GetProperty("ContainerHostname").GetString().ShouldBe("second");
        model.GetProperty("InferenceExecutionConfig").GetProperty("Mode").GetString().ShouldBe("Serial");
        await _steps.CreateConfigAsync(name, name);
        await _steps.CreateEndpointAsync(name, name);
        var described = await _steps.WaitSettledAsync(name);
        described.GetProperty("EndpointStatus").GetString().ShouldBe("InService", described.ToString());
        described.GetProperty("ProductionVariants")[0].GetProperty("DeployedImages").GetArrayLength().ShouldBe(2);

        var (code, answer, stderr) = await _steps.InvokeAsync(name, "x");
        code.ShouldBe(0, stderr);
        answer.ShouldBe("b:a:x");

        // One instance, two containers: the first named by the run id, the second by the run id and its index.
        var runIds = await _steps.ContainerRunIdsAsync();
        runIds.Count.ShouldBe(2, string.Join(",", runIds));
        var first = runIds.Single(id => !id.Contains('-', StringComparison.Ordinal));
        runIds.ShouldContain(first + "-1");

        // Isolated: the first container's probe answer (through the second) shows only lo.
        (await _steps.InvokeAsync(name, "probe")).Answer.ShouldBe("b:interfaces=lo, host=unreachable");

        // A serial pipeline takes no TargetContainerHostname.
        var targeted = await InvokeAsync(name, "x", "first");
        targeted.ExitCode.ShouldNotBe(0);
        targeted.StdErr.ShouldContain("(ValidationError)");

        // Each container logs to its own stream <variant>/<instance>/<hostname>.
        var streams = await fixture.Aws("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/Endpoints/" + name);
        var names = RegistryServerFixture.Json(streams.StdOut).GetProperty("logStreams").EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()).ToList();
        names.ShouldContain($"AllTraffic/i-{first}/first");
        names.ShouldContain($"AllTraffic/i-{first}/second");
        (await _steps.LogEventsAsync(name, "\"serving on 8081\"")).ShouldNotBeEmpty();

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await _steps.WaitGoneAsync(name);
        (await _steps.HostStateAsync()).Values.ShouldAllBe(set => set.Count == 0);
    }

    [RuncFact]
    public async Task DirectInvocation_ReachesOnlyTheNamedContainer_AndRefusesAMissingOrUnknownHostname()
    {
        var name = RegistryServerFixture.Unique("ep-direct");
        await CreateModelAsync(name, "Direct", ("first", "one", null), ("second", "two", null));
        await _steps.CreateConfigAsync(name, name);
        await _steps.CreateEndpointAsync(name, name);
        (await _steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

        var toFirst = await InvokeAsync(name, "x", "first");
        toFirst.ExitCode.ShouldBe(0, toFirst.StdErr);
        toFirst.Answer.ShouldBe("one:x");
        (await InvokeAsync(name, "x", "second")).Answer.ShouldBe("two:x");

        // Both containers run with network isolation: only lo, whichever is asked.
        (await InvokeAsync(name, "probe", "first")).Answer.ShouldBe("interfaces=lo, host=unreachable");
        (await InvokeAsync(name, "probe", "second")).Answer.ShouldBe("interfaces=lo, host=unreachable");

        var missing = await _steps.InvokeAsync(name, "x");
        missing.ExitCode.ShouldNotBe(0);
        missing.StdErr.ShouldContain("(ValidationError)");
        missing.StdErr.ShouldContain("TargetContainerHostname");
        var unknown = await InvokeAsync(name, "x", "third");
        unknown.ExitCode.ShouldNotBe(0);
        unknown.StdErr.ShouldContain("(ValidationError)");
        unknown.StdErr.ShouldContain("third");

        // A container's error is a ModelError naming that container.
        var rejected = await InvokeAsync(name, "error here", "second");
        rejected.StdErr.ShouldContain("(ModelError)");
        rejected.StdErr.ShouldContain("Received client error (400) from second");

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await _steps.WaitGoneAsync(name);
    }

    [RuncFact]
    public async Task OneContainerFailingPing_FailsTheEndpoint_WithAReasonNamingIt_AndLeavesNothing()
    {
        var name = RegistryServerFixture.Unique("ep-mc-sick");
        await CreateModelAsync(name, null, ("healthy", "a", null), ("ailing", "b", "SERVE_MODE=sick"));
        await _steps.CreateConfigAsync(name, name);
        await _steps.CreateEndpointAsync(name, name);
        var described = await _steps.WaitSettledAsync(name);
        described.GetProperty("EndpointStatus").GetString().ShouldBe("Failed");
        described.GetProperty("FailureReason").GetString()!.ShouldStartWith("The container ailing for production variant AllTraffic did not pass the ping health check.");
        (await _steps.ContainerRunIdsAsync()).ShouldBeEmpty();
        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await _steps.WaitGoneAsync(name);
        (await _steps.HostStateAsync()).Values.ShouldAllBe(set => set.Count == 0);
    }

    [RuncFact]
    public async Task ContainerHostnames_MustBeGivenForAllOrNone_AndBeUnique()
    {
        var data = await _steps.PutModelDataAsync("a");
        var partial = await fixture.Aws("sagemaker", "create-model", "--model-name", RegistryServerFixture.Unique("m"), "--containers", Containers(("one", data, null), (null, data, null)));
        partial.StdErr.ShouldContain("(ValidationException)");
        partial.StdErr.ShouldContain("every container");
        var twice = await fixture.Aws("sagemaker", "create-model", "--model-name", RegistryServerFixture.Unique("m"), "--containers", Containers(("same", data, null), ("same", data, null)));
        twice.StdErr.ShouldContain("unique hostname");

        // Unnamed containers are named by position.
        var unnamed = RegistryServerFixture.Unique("m");
        (await fixture.Aws("sagemaker", "create-model", "--model-name", unnamed, "--containers", Containers((null, data, null), (null, data, null)))).ExitCode.ShouldBe(0);
        var model = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model", "--model-name", unnamed)).StdOut);
        model.GetProperty("Containers").EnumerateArray().Select(c => c.GetProperty("ContainerHostname").GetString()).ShouldBe(["container-1", "container-2"]);
    }

    /// <summary>A model whose containers (hostname, answer, environment) all run the serving image, isolated.</summary>
    private async Task CreateModelAsync(string name, string? mode, params (string Hostname, string Answer, string? Environment)[] containers)
    {
        var specs = new List<(string?, string, string?)>();
        foreach (var (hostname, answer, environment) in containers)
        {
            specs.Add((hostname, await _steps.PutModelDataAsync(answer), environment));
        }

        var arguments = new List<string> { "sagemaker", "create-model", "--model-name", name, "--containers", Containers([.. specs]), "--enable-network-isolation" };
        if (mode is not null)
        {
            arguments.AddRange(["--inference-execution-config", "Mode=" + mode]);
        }

        var create = await fixture.Aws([.. arguments]);
        create.ExitCode.ShouldBe(0, create.StdErr);
    }

    private string Containers(params (string? Hostname, string ModelDataUrl, string? Environment)[] containers) =>
        new JsonArray([.. containers.Select(c =>
        {
            var container = new JsonObject { ["Image"] = fixture.Image, ["ModelDataUrl"] = c.ModelDataUrl };
            if (c.Hostname is not null)
            {
                container["ContainerHostname"] = c.Hostname;
            }

            if (c.Environment?.Split('=') is [var key, var value])
            {
                container["Environment"] = new JsonObject { [key] = value };
            }

            return (JsonNode)container;
        })]).ToJsonString();

    private async Task<(int ExitCode, string Answer, string StdErr)> InvokeAsync(string endpoint, string body, string hostname)
    {
        var input = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("in"));
        var output = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"));
        await File.WriteAllTextAsync(input, body);
        var result = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", endpoint, "--target-container-hostname", hostname, "--content-type", "text/plain", "--body", "fileb://" + input, output);
        return (result.ExitCode, File.Exists(output) ? await File.ReadAllTextAsync(output) : string.Empty, result.StdErr);
    }
}
