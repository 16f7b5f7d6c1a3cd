namespace SageKeep.Runtime.Jobs;

/// <summary>
/// A job the runner accepted. <see cref="RunId"/> names every host object of the run (container, namespace,
/// cgroup, workspace): the API layer persists it so <see cref="TrainingJobRunner.ReconcileAsync"/> can find the run
/// again after a restart.
/// </summary>
public sealed record TrainingJobHandle(string JobName, string RunId, string ContainerId, Task<TrainingJobOutcome> Completion);
