namespace SageKeep.Runtime.Jobs;

/// <summary>What a restarted server needs to finish a run it did not start: written into the run's workspace at start (InstanceCount: the containers of a distributed run, see <see cref="ClusterMember"/>).</summary>
internal sealed record RunRecord(
    string JobName,
    string JobArn,
    string RunId,
    string ContainerId,
    string OutputDirectory,
    long MaxRuntimeSeconds,
    long StopTimeoutSeconds,
    bool NetworkIsolated,
    DateTimeOffset? TrainingStartTime,
    int InstanceCount = 1);
