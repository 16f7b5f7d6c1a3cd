using System.Runtime.Versioning;
using SageKeep.Runtime.Jobs;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// Distributed training (ResourceConfig.InstanceCount &gt; 1, VpcConfig required): one ENI per instance algo-1..algo-N
/// in the job's subnets with its groups, all owned by the job's ARN (so they go together when the job ends or at
/// start), and one log stream per instance (<c>&lt;job&gt;/algo-K-&lt;epoch&gt;</c>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService
{
    /// <summary>Training instances that run at once here (the trainingMaxInstances setting).</summary>
    public int MaxInstances => settings.TrainingMaxInstances;

    /// <summary>The instances' ENIs, made before any container starts; their namespaces and addresses in host order.</summary>
    private async Task<IReadOnlyList<ClusterHost>> PrepareClusterAsync(TrainingJobLaunch launch, CancellationToken ct)
    {
        if (launch.VpcSubnets is not { Count: > 0 } subnets || launch.EnableNetworkIsolation)
        {
            throw new InvalidDataException($"InstanceCount {launch.InstanceCount} needs VpcConfig without EnableNetworkIsolation on this server");
        }

        var hosts = Enumerable.Range(1, launch.InstanceCount).Select(k => $"algo-{k}").ToList();
        var descriptions = hosts.Select(h => $"[DO NOT DELETE] ENI managed by SageMaker for training job {launch.Name} ({h})").ToList();
        var (made, error) = await interfaces.CreateAsync(launch.Arn, descriptions, subnets, launch.VpcSecurityGroupIds ?? [], ct).ConfigureAwait(false);
        return error is not null
            ? throw new InvalidDataException("VpcConfig: the training instances' network interfaces could not be created: " + error)
            : [.. made.Select((eni, i) => new ClusterHost(hosts[i], eni.NamespacePath, eni.Address))];
    }

    /// <summary>The stream of <paramref name="host"/>: the job's stream (named for algo-1 at creation) with the host's name.</summary>
    private static string StreamOf(string stream, string host) =>
        host == "algo-1" ? stream : stream.Replace("/algo-1-", "/" + host + "-", StringComparison.Ordinal);
}
