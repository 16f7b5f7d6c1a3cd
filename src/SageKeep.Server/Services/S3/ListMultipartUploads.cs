using System.Globalization;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>GET /bucket?uploads</c> (IAM: s3:ListBucketMultipartUploads): the unfinished uploads ordered by key, then by
/// initiation time, as S3 pages them. <c>key-marker</c> alone resumes after every upload of that key;
/// with <c>upload-id-marker</c> it resumes after that upload of the key. <c>max-uploads</c> (1-1000, default 1000)
/// counts uploads and common prefixes; when the page is truncated NextKeyMarker/NextUploadIdMarker name its last
/// entry. <c>delimiter</c> rolls keys up into CommonPrefixes after <c>prefix</c>; <c>encoding-type=url</c> encodes keys.
/// </summary>
internal sealed class ListMultipartUploads(S3Services s3) : S3Handler(s3)
{
    private const int MaxUploads = 1000;

    public override string Operation => "ListMultipartUploads";

    protected override string Action => "s3:ListBucketMultipartUploads";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var maxUploads = MaxUploads;
        if (context.Query("max-uploads") is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out maxUploads)))
        {
            return OperationResult.Fail(S3Errors.InvalidArgument("Provided max-uploads not an integer or within integer range"));
        }

        maxUploads = Math.Min(maxUploads, MaxUploads);
        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        var prefix = context.Query("prefix") ?? string.Empty;
        var delimiter = context.Query("delimiter") is { Length: > 0 } d ? d : null;
        var keyMarker = context.Query("key-marker") ?? string.Empty;
        var uploadIdMarker = keyMarker.Length == 0 ? string.Empty : context.Query("upload-id-marker") ?? string.Empty;
        var url = context.Query("encoding-type") == "url";
        var all = await S3.Store.ListUploadsAsync(bucket, prefix, ct).ConfigureAwait(false);
        var page = Page(all, prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListMultipartUploadsResult");
            writer.Element("Bucket", bucket);
            writer.Element("KeyMarker", ListingEncoding.Encode(keyMarker, url));
            writer.Element("UploadIdMarker", uploadIdMarker);
            if (page.IsTruncated)
            {
                writer.Element("NextKeyMarker", ListingEncoding.Encode(page.NextKeyMarker, url));
                writer.Element("NextUploadIdMarker", page.NextUploadIdMarker);
            }

            writer.Element("Prefix", ListingEncoding.Encode(prefix, url));
            if (delimiter is not null)
            {
                writer.Element("Delimiter", ListingEncoding.Encode(delimiter, url));
            }

            writer.Element("MaxUploads", maxUploads);
            if (url)
            {
                writer.Element("EncodingType", "url");
            }

            writer.Element("IsTruncated", page.IsTruncated);
            foreach (var upload in page.Uploads)
            {
                writer.WriteStartElement("Upload");
                writer.Element("Key", ListingEncoding.Encode(upload.Key, url));
                writer.Element("UploadId", upload.UploadId);
                writer.WriteStartElement("Initiator");
                writer.Element("ID", S3.OwnerId);
                writer.WriteEndElement();
                writer.WriteStartElement("Owner");
                writer.Element("ID", S3.OwnerId);
                writer.WriteEndElement();
                writer.Element("StorageClass", "STANDARD");
                writer.Element("Initiated", S3Xml.Timestamp(upload.Initiated));
                if (upload.ChecksumAlgorithm is { } algorithm)
                {
                    writer.Element("ChecksumAlgorithm", algorithm.ToUpperInvariant());
                }

                if (upload.ChecksumType is { } type)
                {
                    writer.Element("ChecksumType", type);
                }

                writer.WriteEndElement();
            }

            foreach (var common in page.CommonPrefixes)
            {
                writer.WriteStartElement("CommonPrefixes");
                writer.Element("Prefix", ListingEncoding.Encode(common, url));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>One page of uploads (sorted by key, then initiation) after the markers.</summary>
    internal static UploadPage Page(IReadOnlyList<UploadRecord> all, string prefix, string? delimiter, string keyMarker, string uploadIdMarker, int maxUploads)
    {
        var uploads = new List<UploadRecord>();
        var prefixes = new List<string>();
        string nextKey = string.Empty, nextUploadId = string.Empty;
        var ordered = all
            .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(u => u.Key, StringComparer.Ordinal)
            .ThenBy(u => u.Initiated)
            .ThenBy(u => u.UploadId, StringComparer.Ordinal)
            .ToList();
        var start = 0;
        if (keyMarker.Length > 0)
        {
            var markerIndex = uploadIdMarker.Length == 0 ? -1 : ordered.FindIndex(u => u.Key == keyMarker && u.UploadId == uploadIdMarker);
            start = markerIndex >= 0
                ? markerIndex + 1
                : ordered.FindIndex(u => string.CompareOrdinal(u.Key, keyMarker) > 0) is var first and >= 0 ? first : ordered.Count;
        }

        for (var i = start; i < ordered.Count; i++)
        {
            var upload = ordered[i];
            var split = delimiter is null ? -1 : upload.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            var common = split < 0 ? null : upload.Key[..(split + delimiter!.Length)];

            // A key marker that is (or lies under) a common prefix has already returned that prefix.
            if (common is not null && (prefixes.Contains(common) || (keyMarker.Length > 0 && keyMarker.StartsWith(common, StringComparison.Ordinal))))
            {
                continue;
            }

            if (uploads.Count + prefixes.Count >= maxUploads)
            {
                return new UploadPage(uploads, prefixes, true, nextKey, nextUploadId);
            }

            if (common is not null)
            {
                prefixes.Add(common);
                nextKey = common;
                nextUploadId = string.Empty;
            }
            else
            {
                uploads.Add(upload);
                nextKey = upload.Key;
                nextUploadId = upload.UploadId;
            }
        }

        return new UploadPage(uploads, prefixes, false, nextKey, nextUploadId);
    }
}

/// <summary>A page of <see cref="ListMultipartUploads"/>: uploads, common prefixes and where the next page starts.</summary>
internal sealed record UploadPage(IReadOnlyList<UploadRecord> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string NextKeyMarker, string NextUploadIdMarker);
