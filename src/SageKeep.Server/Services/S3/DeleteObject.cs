using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>DELETE /bucket/key</c>: 204, also when the key does not exist (as S3 answers).</summary>
internal sealed class DeleteObject(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "DeleteObject";

    protected override string Action => "s3:DeleteObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        await S3.Store.DeleteObjectAsync(context.Bucket(), context.Key(), ct).ConfigureAwait(false)
            ? S3Xml.Empty(204)
            : OperationResult.Fail(S3Errors.NoSuchBucket);
}
