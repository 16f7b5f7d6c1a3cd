namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>One stored output line of a training container (CloudWatch Logs' OutputLogEvent plus its stream and sequence).</summary>
internal sealed record StoredLogEvent(string Stream, long Seq, long Timestamp, long Ingestion, string Message);
