using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// Health re-checks of in-service instances (the fixture checks every second and replaces after 2 failures): an
/// instance whose GET /ping starts failing (the invocation "sicken" makes the serving image answer /ping with 500) is
/// replaced by a new container while boto3 clients keep invoking without a single failed request; a container killed
/// from outside is replaced too. Both replacements are in the endpoint's log group, read with the aws CLI.
/// </summary>
public sealed class EndpointHealthTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    [RuncFact]
    public async Task InstanceFailingPing_IsReplacedWhileRequestsKeepSucceeding_AndAKilledContainerIsReplacedToo()
    {
        var steps = new EndpointSteps(fixture);
        var name = RegistryServerFixture.Unique("ep-health");
        await steps.CreateModelAsync(name, "healthy", isolated: true);
        await steps.CreateConfigAsync(name, name, instances: 2);
        await steps.CreateEndpointAsync(name, name);
        (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        var original = await steps.ContainerRunIdsAsync();
        original.Count.ShouldBe(2);

        using (var load = await steps.StartLoadAsync(name))
        {
            var sicken = await steps.InvokeAsync(name, "sicken");
            sicken.ExitCode.ShouldBe(0, sicken.StdErr);
            sicken.Answer.ShouldBe("sickened");
            var replaced = await WaitForLogAsync(steps, name, "\"which passed the ping health check\"", count: 1);
            replaced[0].ShouldContain("was replaced by instance i-");
            var counted = await load.StopAsync();
            counted.GetProperty("failed").GetInt32().ShouldBe(0, counted.GetProperty("errors").ToString());
            counted.GetProperty("ok").GetInt32().ShouldBeGreaterThan(0);
        }

        (await steps.LogEventsAsync(name, "\"failed 2 consecutive health checks\"")).Count.ShouldBe(1);
        var afterSick = await steps.ContainerRunIdsAsync();
        afterSick.Count.ShouldBe(2);
        afterSick.Intersect(original).Count().ShouldBe(1, "exactly the sick instance's container was replaced");

        // A container killed from outside: taken out at the next check, replaced by a new one.
        var survivor = afterSick.Intersect(original).Single();
        (await new RuncClient().KillAsync(steps.Prefix + survivor, "KILL", CancellationToken.None)).ShouldBeTrue();
        await WaitForLogAsync(steps, name, "\"which passed the ping health check\"", count: 2);
        (await steps.LogEventsAsync(name, "\"container exited with code\"")).Count.ShouldBe(1);
        var afterKill = await steps.ContainerRunIdsAsync();
        afterKill.Count.ShouldBe(2);
        afterKill.Overlaps(original).ShouldBeFalse();

        var described = await steps.DescribeAsync(name);
        described.GetProperty("EndpointStatus").GetString().ShouldBe("InService");
        described.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32().ShouldBe(2);
        for (var i = 0; i < 4; i++)
        {
            var invoked = await steps.InvokeAsync(name, "after");
            invoked.ExitCode.ShouldBe(0, invoked.StdErr);
            invoked.Answer.ShouldBe("healthy:after");
        }

        // The new instances write to their own log streams.
        var streams = RegistryServerFixture.Json((await fixture.Aws("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/Endpoints/" + name)).StdOut);
        var names = streams.GetProperty("logStreams").EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()).ToList();
        foreach (var runId in afterKill)
        {
            names.ShouldContain("AllTraffic/i-" + runId);
        }

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await steps.WaitGoneAsync(name);
        (await steps.ContainerRunIdsAsync()).ShouldBeEmpty();
    }

    /// <summary>Polls the endpoint's log group (bounded: 60 s) until the pattern matches at least <paramref name="count"/> events.</summary>
    private async Task<IReadOnlyList<string>> WaitForLogAsync(EndpointSteps steps, string name, string pattern, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var events = await steps.LogEventsAsync(name, pattern);
            if (events.Count >= count)
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {count} log events matching {pattern} for {name}; server output:\n{fixture.Server.Output}");
            }

            await Task.Delay(500);
        }
    }
}
