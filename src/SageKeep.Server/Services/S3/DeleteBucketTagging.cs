using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>DELETE /bucket?tagging</c>: removes the tag set; 204 (IAM: s3:PutBucketTagging, as AWS documents).</summary>
internal sealed class DeleteBucketTagging(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "DeleteBucketTagging";

    protected override string Action => "s3:PutBucketTagging";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        await S3.Store.SetTagsAsync(context.Bucket(), null, ct).ConfigureAwait(false)
            ? S3Xml.Empty(204)
            : OperationResult.Fail(S3Errors.NoSuchBucket);
}
