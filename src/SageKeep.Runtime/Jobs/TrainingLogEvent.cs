namespace SageKeep.Runtime.Jobs;

/// <summary>One line the container wrote, stamped when the runner read it (CloudWatch Logs' event timestamp).</summary>
public sealed record TrainingLogEvent(DateTimeOffset Timestamp, string Message, bool FromStderr)
{
    /// <summary>The instance that wrote it (algo-1..algo-N): SageMaker keeps one log stream per instance.</summary>
    public string Host { get; init; } = "algo-1";
}
