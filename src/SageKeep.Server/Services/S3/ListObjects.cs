using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket</c> (version 1): marker instead of continuation tokens; NextMarker when a delimiter is used.</summary>
internal sealed class ListObjects(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "ListObjects";

    protected override string Action => "s3:ListBucket";

    public override async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        await S3Access.ForAsync(S3, context, Action, [S3Names.BucketArn(context.Bucket())], ct, ListObjectsV2.ListKeys(context)).ConfigureAwait(false);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        if (!ListObjectsV2.TryMaxKeys(context, out var maxKeys))
        {
            return OperationResult.Fail(S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range"));
        }

        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = context.Query("delimiter") is { Length: > 0 } d ? d : null;
        var marker = context.Query("marker") ?? string.Empty;
        var url = context.Query("encoding-type") == "url";

        // A marker that is a common prefix resumes after everything under it.
        var after = marker.Length == 0 ? null : delimiter is not null && marker.EndsWith(delimiter, StringComparison.Ordinal) ? marker + "\U0010FFFF" : marker;
        var page = await ObjectLister.ListAsync(S3.Store, bucket, prefix, delimiter, after, maxKeys, ct).ConfigureAwait(false);
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListBucketResult");
            writer.Element("Name", bucket);
            writer.Element("Prefix", ListingEncoding.Encode(prefix, url));
            writer.Element("Marker", ListingEncoding.Encode(marker, url));
            if (delimiter is not null)
            {
                writer.Element("Delimiter", ListingEncoding.Encode(delimiter, url));
            }

            writer.Element("MaxKeys", maxKeys);
            if (url)
            {
                writer.Element("EncodingType", "url");
            }

            writer.Element("IsTruncated", page.IsTruncated);
            if (page.IsTruncated && delimiter is not null && page.LastEntry is not null)
            {
                writer.Element("NextMarker", ListingEncoding.Encode(page.LastEntry, url));
            }

            ListingXml.Write(writer, page, url, S3);
            writer.WriteEndElement();
        });
    }
}
