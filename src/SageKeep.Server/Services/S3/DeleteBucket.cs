using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>DELETE /bucket</c>: only an empty bucket (BucketNotEmpty otherwise); 204.</summary>
internal sealed class DeleteBucket(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "DeleteBucket";

    protected override string Action => "s3:DeleteBucket";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        await S3.Store.DeleteBucketAsync(context.Bucket(), ct).ConfigureAwait(false) switch
        {
            BucketDeletion.Deleted => S3Xml.Empty(204),
            BucketDeletion.NotEmpty => OperationResult.Fail(S3Errors.BucketNotEmpty),
            _ => OperationResult.Fail(S3Errors.NoSuchBucket),
        };
}
