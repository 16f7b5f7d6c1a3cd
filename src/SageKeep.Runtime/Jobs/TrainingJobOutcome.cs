namespace SageKeep.Runtime.Jobs;

/// <summary>How a job ended: its final state, SageMaker's FailureReason, the container's exit status and the model archive.</summary>
public sealed record TrainingJobOutcome(
    TrainingJobState State,
    string? FailureReason,
    int? ExitCode,
    string? ModelArtifactPath,
    DateTimeOffset? TrainingStartTime,
    DateTimeOffset TrainingEndTime);
