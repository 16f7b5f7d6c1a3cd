using SageKeep.Runtime.Oci;

namespace SageKeep.Runtime.Jobs;

/// <summary>Host-side settings of the runner (one per server).</summary>
public sealed record TrainingJobRunnerOptions
{
    /// <summary>Parent of the per-run workspaces (bundle, input, model, output, logs); root-only.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Starts every container id, namespace and nftables table of this runner; reconciliation owns what carries it.</summary>
    public string NamePrefix { get; init; } = "sagekeep-";

    /// <summary>cgroup parent (per controller) of the containers' cgroups.</summary>
    public string CgroupParent { get; init; } = "/sagekeep";

    public HostCapacity Host { get; init; } = HostCapacity.Detect();

    public UserNamespaceMapping Mapping { get; init; } = UserNamespaceMapping.Default;

    public int MaxConcurrentJobs { get; init; } = 1;

    /// <summary>Jobs allowed to wait for capacity; beyond that StartAsync answers ResourceLimitExceeded.</summary>
    public int MaxQueuedJobs { get; init; } = 16;

    public TimeSpan DefaultStopTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public string RuncPath { get; init; } = "runc";

    /// <summary>runc --root; null uses runc's default state directory.</summary>
    public string? RuncStateRoot { get; init; }

    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Bound on the container reaching "running" after runc run is started.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
