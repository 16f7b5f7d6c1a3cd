using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>PUT /bucket</c>: creates a bucket in the server's region (BucketAlreadyOwnedByYou when it exists).</summary>
internal sealed class CreateBucket(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "CreateBucket";

    protected override string Action => "s3:CreateBucket";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        if (!S3Names.IsValidBucketName(bucket))
        {
            return OperationResult.Fail(S3Errors.InvalidBucketName);
        }

        var (body, error) = await S3Body.ReadAsync(context, 64 * 1024, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        if (body!.Length > 0)
        {
            // CreateBucketConfiguration/LocationConstraint must name this server's region.
            if (S3Body.ParseXml(body)?.Root is not { } root)
            {
                return OperationResult.Fail(S3Errors.MalformedXml);
            }

            if (S3Body.Child(root, "LocationConstraint") is { Length: > 0 } location && location != S3.Account.Region)
            {
                return OperationResult.Fail(S3Errors.IllegalLocationConstraint(location));
            }
        }

        if (!await S3.Store.CreateBucketAsync(bucket, S3.Account.Region, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(S3Errors.BucketAlreadyOwnedByYou);
        }

        return S3Xml.Empty(200, KeyValuePair.Create("Location", "/" + bucket));
    }
}
