using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>DELETE /bucket?policy</c>: removes the policy; 204 (also when there was none, as S3 answers).</summary>
internal sealed class DeleteBucketPolicy(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "DeleteBucketPolicy";

    protected override string Action => "s3:DeleteBucketPolicy";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        await S3.Store.SetPolicyAsync(context.Bucket(), null, ct).ConfigureAwait(false)
            ? S3Xml.Empty(204)
            : OperationResult.Fail(S3Errors.NoSuchBucket);
}
