using System.Globalization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>GET /bucket/key?uploadId=U</c>: the uploaded parts, paged by max-parts and part-number-marker (IAM: s3:ListMultipartUploadParts).</summary>
internal sealed class ListParts(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "ListParts";

    protected override string Action => "s3:ListMultipartUploadParts";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var upload = await S3.Store.GetUploadAsync(context.Query("uploadId") ?? string.Empty, ct).ConfigureAwait(false);
        if (upload is null || upload.Bucket != context.Bucket() || upload.Key != context.Key())
        {
            return OperationResult.Fail(S3Errors.NoSuchUpload);
        }

        var maxParts = 1000;
        if (context.Query("max-parts") is { } maxText && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxParts) || maxParts > 1000))
        {
            maxParts = Math.Clamp(maxParts, 0, 1000);
        }

        _ = int.TryParse(context.Query("part-number-marker"), NumberStyles.None, CultureInfo.InvariantCulture, out var marker);
        var parts = (await S3.Store.ListPartsAsync(upload.UploadId, ct).ConfigureAwait(false)).Where(p => p.PartNumber > marker).ToList();
        var page = parts.Take(maxParts).ToList();
        var truncated = parts.Count > page.Count;
        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("ListPartsResult");
            writer.Element("Bucket", upload.Bucket);
            writer.Element("Key", upload.Key);
            writer.Element("UploadId", upload.UploadId);
            writer.Element("PartNumberMarker", marker);
            writer.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : marker);
            writer.Element("MaxParts", maxParts);
            writer.Element("IsTruncated", truncated);
            writer.Element("StorageClass", "STANDARD");
            if (upload.ChecksumAlgorithm is { } algorithm)
            {
                writer.Element("ChecksumAlgorithm", algorithm.ToUpperInvariant());
            }

            foreach (var part in page)
            {
                writer.WriteStartElement("Part");
                writer.Element("PartNumber", part.PartNumber);
                writer.Element("LastModified", S3Xml.Timestamp(part.LastModified));
                writer.Element("ETag", part.ETag);
                writer.Element("Size", part.Size);
                foreach (var (name, value) in part.Checksums)
                {
                    writer.Element("Checksum" + name.ToUpperInvariant(), value);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }
}
