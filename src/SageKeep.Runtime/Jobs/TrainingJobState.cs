namespace SageKeep.Runtime.Jobs;

/// <summary>SageMaker's SecondaryStatus values the runner moves through (DescribeTrainingJob).</summary>
public enum TrainingJobState
{
    Starting,
    Downloading,
    Training,
    Uploading,
    Stopping,
    Completed,
    Failed,
    Stopped,
    MaxRuntimeExceeded,
}
