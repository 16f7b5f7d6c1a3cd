using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket?tagging</c>: the tag set (NoSuchTagSet when none).</summary>
internal sealed class GetBucketTagging(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "GetBucketTagging";

    protected override string Action => "s3:GetBucketTagging";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (await S3.Store.GetBucketAsync(context.Bucket(), ct).ConfigureAwait(false) is not { } bucket)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        if (bucket.Tags is not { Count: > 0 } tags)
        {
            return OperationResult.Fail(S3Errors.NoSuchTagSet);
        }

        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("Tagging");
            writer.WriteStartElement("TagSet");
            foreach (var (key, value) in tags)
            {
                writer.WriteStartElement("Tag");
                writer.Element("Key", key);
                writer.Element("Value", value);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }
}
