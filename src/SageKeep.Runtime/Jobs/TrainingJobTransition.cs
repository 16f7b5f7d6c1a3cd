namespace SageKeep.Runtime.Jobs;

/// <summary>One SecondaryStatusTransitions entry: the state entered, when, and SageMaker's status message.</summary>
public sealed record TrainingJobTransition(string JobName, string RunId, TrainingJobState State, string Message, DateTimeOffset At)
{
    /// <summary>Set on the final transition of a failed job: SageMaker's FailureReason.</summary>
    public string? FailureReason { get; init; }

    /// <summary>TrainingJobStatus for this secondary status (MaxRuntimeExceeded ends a job as Stopped, as SageMaker reports it).</summary>
    public string PrimaryStatus => State switch
    {
        TrainingJobState.Completed => "Completed",
        TrainingJobState.Failed => "Failed",
        TrainingJobState.Stopping => "Stopping",
        TrainingJobState.Stopped or TrainingJobState.MaxRuntimeExceeded => "Stopped",
        _ => "InProgress",
    };

    public bool IsFinal => State is TrainingJobState.Completed or TrainingJobState.Failed or TrainingJobState.Stopped or TrainingJobState.MaxRuntimeExceeded;
}
