namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// One InputDataConfig channel: for S3Prefix the bucket and key prefix whose objects are copied; for ManifestFile the
/// bucket and key of the manifest object that lists them. Distribution: S3DataDistributionType (FullyReplicated or
/// ShardedByS3Key, which splits the objects across the instances of a distributed job).
/// </summary>
internal sealed record TrainingJobChannelSource(string Name, string Bucket, string Prefix, string? ContentType, string DataType = TrainingJobChannelSource.S3Prefix, string Distribution = Runtime.Jobs.TrainingChannel.FullyReplicated)
{
    public const string S3Prefix = "S3Prefix";

    public const string ManifestFile = "ManifestFile";
}
