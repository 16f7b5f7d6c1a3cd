using System.Globalization;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>GET /bucket?list-type=2</c>: prefix, delimiter, max-keys (1000 at most), continuation-token, start-after,
/// encoding-type=url, fetch-owner. IAM: s3:ListBucket on the bucket with s3:prefix, s3:delimiter, s3:max-keys.
/// </summary>
internal sealed class ListObjectsV2(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "ListObjectsV2";

    protected override string Action => "s3:ListBucket";

    public override async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        await S3Access.ForAsync(S3, context, Action, [S3Names.BucketArn(context.Bucket())], ct, ListKeys(context)).ConfigureAwait(false);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        if (!TryMaxKeys(context, out var maxKeys))
        {
            return OperationResult.Fail(S3Errors.InvalidArgument("Provided max-keys not an integer or within integer range"));
        }

        var token = context.Query("continuation-token");
        string? after = context.Query("start-after") is { Length: > 0 } startAfter ? startAfter : null;
        if (token is not null)
        {
            after = ListingEncoding.FromToken(token);
            if (after is null)
            {
                return OperationResult.Fail(S3Errors.InvalidArgument("The continuation token provided is incorrect"));
            }
        }

        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = context.Query("delimiter") is { Length: > 0 } d ? d : null;
        var url = context.Query("encoding-type") == "url";
        var owner = context.Query("fetch-owner") == "true";
        var page = await ObjectLister.ListAsync(S3.Store, bucket, prefix, delimiter, after, maxKeys, ct).ConfigureAwait(false);
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListBucketResult");
            writer.Element("Name", bucket);
            writer.Element("Prefix", ListingEncoding.Encode(prefix, url));
            if (delimiter is not null)
            {
                writer.Element("Delimiter", ListingEncoding.Encode(delimiter, url));
            }

            writer.Element("MaxKeys", maxKeys);
            if (url)
            {
                writer.Element("EncodingType", "url");
            }

            writer.Element("KeyCount", page.Objects.Count + page.CommonPrefixes.Count);
            writer.Element("IsTruncated", page.IsTruncated);
            if (token is not null)
            {
                writer.Element("ContinuationToken", token);
            }

            if (page.IsTruncated && page.ResumeAfter is not null)
            {
                writer.Element("NextContinuationToken", ListingEncoding.Token(page.ResumeAfter));
            }

            if (context.Query("start-after") is { Length: > 0 } start)
            {
                writer.Element("StartAfter", ListingEncoding.Encode(start, url));
            }

            ListingXml.Write(writer, page, url, owner ? S3 : null);
            writer.WriteEndElement();
        });
    }

    internal static bool TryMaxKeys(OperationContext context, out int maxKeys)
    {
        maxKeys = 1000;
        if (context.Query("max-keys") is not { } text)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var requested))
        {
            return false;
        }

        maxKeys = Math.Min(requested, 1000);
        return true;
    }

    internal static Dictionary<string, IReadOnlyList<string>> ListKeys(OperationContext context)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["s3:prefix"] = [context.Query("prefix") ?? string.Empty],
            ["s3:max-keys"] = [context.Query("max-keys") ?? "1000"],
        };
        if (context.Query("delimiter") is { } delimiter)
        {
            keys["s3:delimiter"] = [delimiter];
        }

        return keys;
    }
}
