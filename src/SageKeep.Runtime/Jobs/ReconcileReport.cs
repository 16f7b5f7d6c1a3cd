namespace SageKeep.Runtime.Jobs;

/// <summary>
/// What <see cref="TrainingJobRunner.ReconcileAsync"/> found: runs whose containers still run (now followed
/// again), persisted runs whose containers are gone (reported Failed with a reason), and run ids of orphans
/// (containers, namespaces, nftables tables, cgroups, workspaces with our prefix that nobody persisted) it removed.
/// </summary>
public sealed record ReconcileReport(
    IReadOnlyList<TrainingJobHandle> Reattached,
    IReadOnlyList<DeadRun> Dead,
    IReadOnlyList<string> OrphansRemoved);
