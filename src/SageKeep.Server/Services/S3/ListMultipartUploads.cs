using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket?uploads</c>: the unfinished uploads under a prefix, up to 1000 (IAM: s3:ListBucketMultipartUploads).</summary>
internal sealed class ListMultipartUploads(S3Services s3) : S3Handler(s3)
{
    private const int MaxUploads = 1000;

    public override string Operation => "ListMultipartUploads";

    protected override string Action => "s3:ListBucketMultipartUploads";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var uploads = await S3.Store.ListUploadsAsync(bucket, prefix, ct).ConfigureAwait(false);
        var page = uploads.Take(MaxUploads).ToList();
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListMultipartUploadsResult");
            writer.Element("Bucket", bucket);
            writer.Element("KeyMarker", string.Empty);
            writer.Element("UploadIdMarker", string.Empty);
            writer.Element("NextKeyMarker", page.Count > 0 ? page[^1].Key : string.Empty);
            writer.Element("NextUploadIdMarker", page.Count > 0 ? page[^1].UploadId : string.Empty);
            writer.Element("Prefix", prefix);
            writer.Element("MaxUploads", MaxUploads);
            writer.Element("IsTruncated", uploads.Count > page.Count);
            foreach (var upload in page)
            {
                writer.WriteStartElement("Upload");
                writer.Element("Key", upload.Key);
                writer.Element("UploadId", upload.UploadId);
                writer.Element("Initiated", S3Xml.Timestamp(upload.Initiated));
                writer.Element("StorageClass", "STANDARD");
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }
}
