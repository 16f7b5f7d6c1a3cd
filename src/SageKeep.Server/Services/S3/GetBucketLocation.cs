using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket?location</c>: the region; empty for us-east-1, as S3 answers.</summary>
internal sealed class GetBucketLocation(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "GetBucketLocation";

    protected override string Action => "s3:GetBucketLocation";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (await S3.Store.GetBucketAsync(context.Bucket(), ct).ConfigureAwait(false) is not { } bucket)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("LocationConstraint");
            if (bucket.Region != "us-east-1")
            {
                writer.WriteString(bucket.Region);
            }

            writer.WriteEndElement();
        });
    }
}
