using SageKeep.Runtime.Oci;

namespace SageKeep.Runtime.Serving;

/// <summary>Host-side settings of the serving runner (one per server).</summary>
public sealed record ServingRunnerOptions
{
    /// <summary>Parent of the per-instance workspaces (bundle, logs); root-only apart from search permission.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Starts every container id and namespace of this runner (distinct from the training runner's).</summary>
    public string NamePrefix { get; init; } = "sagekeep-serve-";

    /// <summary>cgroup parent (per controller) of the serving containers' cgroups.</summary>
    public string CgroupParent { get; init; } = "/sagekeep-serve";

    public HostCapacity Host { get; init; } = HostCapacity.Detect();

    public UserNamespaceMapping Mapping { get; init; } = UserNamespaceMapping.Default;

    public string RuncPath { get; init; } = "runc";

    public string? RuncStateRoot { get; init; }

    /// <summary>How long an instance has to answer GET /ping with 200 after its container starts (SageMaker: 4 minutes).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>The bound on one GET /ping (SageMaker: 2 seconds).</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause between two health probes while an instance starts.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bound on the container reaching "running" after runc run is started.</summary>
    public TimeSpan RuncStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan LogPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Concurrent connections to one instance (the connection pool's size).</summary>
    public int MaxConnectionsPerInstance { get; init; } = 32;
}
