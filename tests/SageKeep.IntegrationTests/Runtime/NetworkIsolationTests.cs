using System.Net;
using System.Net.Sockets;
using SageKeep.Runtime.Jobs;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>
/// The container must not reach services on the host's loopback, with or without EnableNetworkIsolation. Traffic
/// goes only to 127.0.0.1: the host's listener (must stay silent) and the container's own loopback (must work, so
/// a broken nc cannot pass the test).
/// </summary>
public sealed class NetworkIsolationTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    [RuncFact]
    public async Task IsolatedJob_HasOnlyLoopback_AndCannotReachHostLoopbackListener()
    {
        var (model, connections, runId) = await ProbeAsync(isolated: true);

        Interfaces(model["netdev.txt"]).ShouldBe(["lo"]);
        model["self.txt"].ShouldBe("self-loopback\n");
        model.ShouldNotContainKey("reached.txt");
        connections.ShouldBe(0);
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, runId)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task OutboundJob_HasLoopbackAndEth0_AndStillCannotReachHostLoopbackListener()
    {
        var (model, connections, runId) = await ProbeAsync(isolated: false);

        Interfaces(model["netdev.txt"]).ShouldBe(["eth0", "lo"]);
        model["self.txt"].ShouldBe("self-loopback\n");
        model.ShouldNotContainKey("reached.txt");
        connections.ShouldBe(0);
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, runId)).ShouldBeEmpty();
    }

    private async Task<(Dictionary<string, string> Model, int Connections, string RunId)> ProbeAsync(bool isolated)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // The listener works: the host itself can connect (then that connection is not counted).
        using (var control = new TcpClient())
        {
            await control.ConnectAsync(IPAddress.Loopback, port);
            using var accepted = await listener.AcceptTcpClientAsync();
        }

        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);
        var job = fixture.Job("net", j => j with
        {
            EnableNetworkIsolation = isolated,
            Environment = new Dictionary<string, string> { ["MODE"] = "net", ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });

        var (outcome, runId) = await TrainingJobRunnerTests.RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.Completed, outcome.FailureReason);
        sinks.LogOf().ShouldContain("net probe done");
        var connections = 0;
        while (listener.Pending())
        {
            using var stray = await listener.AcceptTcpClientAsync();
            connections++;
        }

        return (await TrainingJobRunnerTests.ReadArchiveAsync(outcome.ModelArtifactPath!), connections, runId);
    }

    /// <summary>Interface names from /proc/net/dev (two header lines, then "name: counters").</summary>
    private static string[] Interfaces(string netdev) =>
        [.. netdev.Split('\n').Skip(2).Where(l => l.Contains(':', StringComparison.Ordinal)).Select(l => l.Split(':')[0].Trim()).Order(StringComparer.Ordinal)];
}
