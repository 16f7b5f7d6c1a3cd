namespace SageKeep.Runtime.Jobs;

/// <summary>Receives the container's output line by line, in order per job (later: the CloudWatch Logs stream &lt;job&gt;/algo-1-&lt;epoch&gt;).</summary>
public interface ITrainingJobLogSink
{
    Task WriteAsync(string jobName, string runId, IReadOnlyList<TrainingLogEvent> events, CancellationToken cancellationToken);
}
