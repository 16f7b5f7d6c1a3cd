using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>HEAD /bucket</c>: 200 with the bucket's region, or 404. IAM action s3:ListBucket, as AWS documents.</summary>
internal sealed class HeadBucket(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "HeadBucket";

    protected override string Action => "s3:ListBucket";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        await S3.Store.GetBucketAsync(context.Bucket(), ct).ConfigureAwait(false) is { } bucket
            ? S3Xml.Empty(200, KeyValuePair.Create("x-amz-bucket-region", bucket.Region))
            : OperationResult.Fail(S3Errors.NoSuchBucket);
}
