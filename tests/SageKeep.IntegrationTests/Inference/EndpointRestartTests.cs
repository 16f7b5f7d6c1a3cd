using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// The server killed with SIGKILL while one endpoint is being updated, one created and one deleted, then started
/// again on the same data directory: every endpoint settles (the update rolled back or finished, the new one in
/// service, the deleted one gone), invocations answer with the model of the configuration DescribeEndpoint shows, and
/// the host holds exactly the containers, namespaces, cgroups and workspaces of the instances now serving. A graceful
/// restart afterwards brings them back again. Every wait is bounded.
/// </summary>
public sealed class EndpointRestartTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    [RuncFact]
    public async Task ServerKilledMidChange_EndpointsSettleAndServe_AndNothingIsLeftBehind()
    {
        var steps = new EndpointSteps(fixture);
        var name = RegistryServerFixture.Unique("ep-rs");
        await steps.CreateModelAsync(name + "-m1", "first", isolated: false);
        await steps.CreateModelAsync(name + "-m2", "second", isolated: false);
        await steps.CreateConfigAsync(name + "-c1", name + "-m1");
        await steps.CreateConfigAsync(name + "-c2", name + "-m2");
        var updated = name + "-upd";
        var created = name + "-new";
        var deleted = name + "-del";
        foreach (var endpoint in new[] { updated, deleted })
        {
            await steps.CreateEndpointAsync(endpoint, name + "-c1");
            (await steps.WaitSettledAsync(endpoint)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        }

        (await steps.InvokeAsync(updated, "hello")).Answer.ShouldBe("first:hello");
        var before = await steps.ContainerRunIdsAsync();
        before.Count.ShouldBe(2);

        // Changes in flight when the server dies.
        (await fixture.Aws("sagemaker", "update-endpoint", "--endpoint-name", updated, "--endpoint-config-name", name + "-c2")).ExitCode.ShouldBe(0);
        await steps.CreateEndpointAsync(created, name + "-c1");
        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", deleted)).ExitCode.ShouldBe(0);
        await fixture.RestartAsync(kill: true);

        await EndpointsServeAsync(steps, updated, created, name);
        await steps.WaitGoneAsync(deleted);
        var afterKill = await AssertHostHoldsOnlyServingInstancesAsync(steps, expected: 2);
        afterKill.Overlaps(before).ShouldBeFalse("the killed server's containers must be gone");

        await fixture.RestartAsync(kill: false);
        await EndpointsServeAsync(steps, updated, created, name);
        (await AssertHostHoldsOnlyServingInstancesAsync(steps, expected: 2)).Overlaps(afterKill).ShouldBeFalse();

        foreach (var endpoint in new[] { updated, created })
        {
            (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", endpoint)).ExitCode.ShouldBe(0);
            await steps.WaitGoneAsync(endpoint);
        }

        (await new RuncClient().ListAsync(steps.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>Both endpoints InService with one instance; each answers with the model of its current configuration.</summary>
    private static async Task EndpointsServeAsync(EndpointSteps steps, string updated, string created, string name)
    {
        foreach (var endpoint in new[] { updated, created })
        {
            var described = await steps.WaitSettledAsync(endpoint);
            described.GetProperty("EndpointStatus").GetString().ShouldBe("InService", described.ToString());
            described.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(1);
            var answer = described.GetProperty("EndpointConfigName").GetString() == name + "-c2" ? "second" : "first";
            var invoked = await steps.InvokeAsync(endpoint, "again");
            invoked.ExitCode.ShouldBe(0, invoked.StdErr);
            invoked.Answer.ShouldBe(answer + ":again");
        }

        var waiter = await steps.WaitInServiceWithCliAsync(updated);
        waiter.ShouldBe(0);
    }

    /// <summary>runc containers, network namespaces, cgroups and workspaces under the prefix: the same run ids, as many as instances serve.</summary>
    private static async Task<IReadOnlySet<string>> AssertHostHoldsOnlyServingInstancesAsync(EndpointSteps steps, int expected)
    {
        var state = await steps.HostStateAsync();
        var containers = state["runc"];
        containers.Count.ShouldBe(expected);
        foreach (var (kind, runIds) in state)
        {
            runIds.OrderBy(i => i, StringComparer.Ordinal).ShouldBe(containers.OrderBy(i => i, StringComparer.Ordinal), $"{kind} under {steps.Prefix}");
        }

        return containers;
    }
}
