using SageKeep.Runtime.Images;

namespace SageKeep.Runtime.Jobs;

/// <summary>What the runner needs to run one SageMaker training job, independent of how the API received it.</summary>
public sealed record TrainingJobDefinition
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required CachedRootfs Image { get; init; }

    public IReadOnlyDictionary<string, string> HyperParameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<TrainingChannel> Channels { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>An ml.* type from <see cref="Oci.InstanceTypes"/>; its size, scaled to the host, becomes the cgroup limits.</summary>
    public required string InstanceType { get; init; }

    /// <summary>StoppingCondition.MaxRuntimeInSeconds (SageMaker's default is one day).</summary>
    public TimeSpan MaxRuntime { get; init; } = TimeSpan.FromDays(1);

    public bool EnableNetworkIsolation { get; init; }

    /// <summary>
    /// VpcConfig without EnableNetworkIsolation: the namespace of the container's ENI (<c>/run/netns/...</c>), which
    /// the container joins; its owner creates and removes it. Ignored with EnableNetworkIsolation: an isolated
    /// container never gets an ENI (data transfer in a VPC goes through a separate platform interface).
    /// </summary>
    public string? VpcNamespacePath { get; init; }

    /// <summary>
    /// Distributed training (InstanceCount &gt; 1, in a VPC): one entry per instance, algo-1 first. Every instance runs
    /// the same image in its own container in its ENI's namespace, sees its own resourceconfig.json and an /etc/hosts
    /// naming every peer; empty for a one-instance job (which uses <see cref="VpcNamespacePath"/>).
    /// </summary>
    public IReadOnlyList<ClusterHost> ClusterHosts { get; init; } = [];

    /// <summary>Instances of the job: the cluster's size, or 1.</summary>
    public int InstanceCount => Math.Max(1, ClusterHosts.Count);

    /// <summary>Time between SIGTERM and SIGKILL on stop or timeout; null takes the runner's default (120 s).</summary>
    public TimeSpan? StopTimeout { get; init; }

    /// <summary>Directory that receives model.tar.gz (the API layer uploads it to S3OutputPath/&lt;job&gt;/output/).</summary>
    public required string OutputDirectory { get; init; }
}
