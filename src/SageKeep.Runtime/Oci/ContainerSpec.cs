namespace SageKeep.Runtime.Oci;

/// <summary>
/// Everything that differs between two training containers. The rest of config.json (namespaces, capabilities,
/// seccomp, masked paths, rlimits) is fixed by <see cref="OciConfigWriter"/> and not configurable on purpose.
/// </summary>
public sealed record ContainerSpec
{
    public required string RootfsPath { get; init; }

    public required IReadOnlyList<string> Args { get; init; }

    public required IReadOnlyList<string> Env { get; init; }

    public string WorkingDirectory { get; init; } = "/";

    public string Hostname { get; init; } = "algo-1";

    public required IReadOnlyList<BindMount> Mounts { get; init; }

    /// <summary>A network namespace the platform prepared (/var/run/netns/...); null gives a fresh one with only loopback.</summary>
    public string? NetworkNamespacePath { get; init; }

    public required ContainerLimits Limits { get; init; }

    /// <summary>runc's cgroupsPath, relative to each controller's root (e.g. /sagekeep/&lt;container id&gt;).</summary>
    public required string CgroupsPath { get; init; }

    /// <summary>
    /// True when the memory limit is set on the parent cgroup by the caller instead of in config.json: the
    /// parent outlives the container (runc removes the container's own cgroup at exit), so its OOM-kill
    /// counter can still be read afterwards.
    /// </summary>
    public bool MemoryLimitedByParent { get; init; }

    public UserNamespaceMapping Mapping { get; init; } = UserNamespaceMapping.Default;
}
