namespace SageKeep.Runtime.Jobs;

/// <summary>
/// One input channel whose data the platform already fetched into <paramref name="LocalDirectory"/>; it appears
/// read-only at /opt/ml/input/data/&lt;Name&gt; and is described in inputdataconfig.json.
/// </summary>
public sealed record TrainingChannel(
    string Name,
    string LocalDirectory,
    string? ContentType = null,
    string S3DistributionType = "FullyReplicated",
    string RecordWrapperType = "None")
{
    public const string FullyReplicated = "FullyReplicated";

    /// <summary>Each instance of a distributed job gets every N-th object of the channel (in key order).</summary>
    public const string ShardedByS3Key = "ShardedByS3Key";
}
