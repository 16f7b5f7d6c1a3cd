namespace SageKeep.Runtime.Oci;

/// <summary>cgroup limits for one container: memory (swap capped at the same value, so no swap), CPU quota, process count.</summary>
public sealed record ContainerLimits(long MemoryBytes, double Cpus, long Pids);
