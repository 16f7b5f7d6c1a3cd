using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /</c>: every bucket of the account (s3:ListAllMyBuckets on <c>*</c>).</summary>
internal sealed class ListBuckets(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "ListBuckets";

    protected override string Action => "s3:ListAllMyBuckets";

    public override ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For(Action, "*"));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var buckets = await S3.Store.ListBucketsAsync(ct).ConfigureAwait(false);
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListAllMyBucketsResult");
            writer.WriteStartElement("Owner");
            writer.Element("ID", S3.OwnerId);
            writer.Element("DisplayName", S3.Account.AccountId);
            writer.WriteEndElement();
            writer.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                writer.WriteStartElement("Bucket");
                writer.Element("Name", bucket.Name);
                writer.Element("CreationDate", S3Xml.Timestamp(bucket.CreatedAt));
                writer.Element("BucketRegion", bucket.Region);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }
}
