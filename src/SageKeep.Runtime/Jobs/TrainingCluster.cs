namespace SageKeep.Runtime.Jobs;

/// <summary>
/// One instance of a distributed training job (ResourceConfig.InstanceCount &gt; 1): its SageMaker host name
/// (algo-1..algo-N), the namespace of its ENI, which its container joins, and the ENI's address, which the other
/// instances' /etc/hosts give for that name.
/// </summary>
public sealed record ClusterHost(string Name, string NamespacePath, string Address);

/// <summary>
/// The host objects of one instance of a run. Instance 1 uses the run's own names (container id = prefix + run id,
/// workspace = the run's directory), so a one-instance run looks as it always did; instance K &gt; 1 is
/// <c>prefix + run id + "-K"</c> with its workspace under the run's directory (instances/algo-K), so removing the
/// run's directory removes every instance's files.
/// </summary>
internal sealed record ClusterMember(int Index, string Host, string ContainerId, JobWorkspace Workspace)
{
    public const string InstancesDirectory = "instances";

    public static IReadOnlyList<ClusterMember> Of(string primaryContainerId, JobWorkspace primary, int count) =>
    [
        .. Enumerable.Range(1, Math.Max(1, count)).Select(k => k == 1
            ? new ClusterMember(0, "algo-1", primaryContainerId, primary)
            : new ClusterMember(k - 1, $"algo-{k}", $"{primaryContainerId}-{k}", new JobWorkspace(Path.Combine(primary.Root, InstancesDirectory, $"algo-{k}")))),
    ];

    /// <summary>The run id a container or cgroup name (without the prefix) belongs to: an instance suffix "-K" is dropped.</summary>
    public static string RunIdOf(string name)
    {
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
    }
}
