namespace SageKeep.Runtime.Jobs;

/// <summary>One line the container wrote, stamped when the runner read it (CloudWatch Logs' event timestamp).</summary>
public sealed record TrainingLogEvent(DateTimeOffset Timestamp, string Message, bool FromStderr);
