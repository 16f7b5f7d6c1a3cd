namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>One InputDataConfig channel: its S3Prefix as bucket and key prefix.</summary>
internal sealed record TrainingJobChannelSource(string Name, string Bucket, string Prefix, string? ContentType);
