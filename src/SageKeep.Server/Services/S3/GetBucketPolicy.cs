using System.Text;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket?policy</c>: the policy document as stored (NoSuchBucketPolicy when none).</summary>
internal sealed class GetBucketPolicy(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "GetBucketPolicy";

    protected override string Action => "s3:GetBucketPolicy";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (await S3.Store.GetBucketAsync(context.Bucket(), ct).ConfigureAwait(false) is not { } bucket)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        if (bucket.Policy is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucketPolicy);
        }

        var body = Encoding.UTF8.GetBytes(bucket.Policy);
        return OperationResult.Stream(async (response, token) =>
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, token).ConfigureAwait(false);
        });
    }
}
