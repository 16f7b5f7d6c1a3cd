namespace SageKeep.Runtime.Oci;

/// <summary>
/// The training instance types this host emulates (sizes from the SageMaker pricing page), and how one becomes
/// cgroup limits: the type's vCPUs and memory, each capped at what the host offers. GPUs are not passed through.
/// </summary>
public static class InstanceTypes
{
    private const long GiB = 1024L * 1024 * 1024;

    private static readonly Dictionary<string, InstanceType> Table = new InstanceType[]
    {
        new("ml.m5.large", 2, 8 * GiB, 0),
        new("ml.m5.xlarge", 4, 16 * GiB, 0),
        new("ml.m5.2xlarge", 8, 32 * GiB, 0),
        new("ml.m5.4xlarge", 16, 64 * GiB, 0),
        new("ml.m5.12xlarge", 48, 192 * GiB, 0),
        new("ml.m5.24xlarge", 96, 384 * GiB, 0),
        new("ml.c5.xlarge", 4, 8 * GiB, 0),
        new("ml.c5.2xlarge", 8, 16 * GiB, 0),
        new("ml.c5.4xlarge", 16, 32 * GiB, 0),
        new("ml.c5.9xlarge", 36, 72 * GiB, 0),
        new("ml.c5.18xlarge", 72, 144 * GiB, 0),
        new("ml.g4dn.xlarge", 4, 16 * GiB, 1),
        new("ml.g4dn.2xlarge", 8, 32 * GiB, 1),
        new("ml.g4dn.4xlarge", 16, 64 * GiB, 1),
        new("ml.g4dn.8xlarge", 32, 128 * GiB, 1),
        new("ml.g4dn.12xlarge", 48, 192 * GiB, 4),
        new("ml.g4dn.16xlarge", 64, 256 * GiB, 1),
        new("ml.p3.2xlarge", 8, 61 * GiB, 1),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Process limit for every container: enough for data loaders, bounded against fork bombs.</summary>
    public const long PidsLimit = 4096;

    public static IReadOnlyCollection<InstanceType> All => Table.Values;

    public static InstanceType? Find(string name) => Table.GetValueOrDefault(name);

    /// <summary>The limits for a known type on this host, or null for an unknown type.</summary>
    public static ContainerLimits? LimitsFor(string name, HostCapacity host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Find(name) is { } type
            ? new ContainerLimits(Math.Min(type.MemoryBytes, host.MemoryBytes), Math.Min(type.Vcpus, host.Cpus), PidsLimit)
            : null;
    }
}
