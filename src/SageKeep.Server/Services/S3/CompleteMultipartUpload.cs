using System.Globalization;
using SageKeep.Core.Errors;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>POST /bucket/key?uploadId=U</c>: the listed parts, in ascending order (InvalidPartOrder), each uploaded
/// with the given ETag (InvalidPart), all but the last at least 5 MiB (EntityTooSmall), become the object,
/// with the ETag <c>"md5-of-md5s-N"</c>. The parts are concatenated into one blob, committed atomically.
/// </summary>
internal sealed class CompleteMultipartUpload(S3Services s3) : S3Handler(s3)
{
    public const long MinPartSize = 5L * 1024 * 1024;

    public override string Operation => "CompleteMultipartUpload";

    protected override string Action => "s3:PutObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var upload = await S3.Store.GetUploadAsync(context.Query("uploadId") ?? string.Empty, ct).ConfigureAwait(false);
        if (upload is null || upload.Bucket != context.Bucket() || upload.Key != context.Key())
        {
            return OperationResult.Fail(S3Errors.NoSuchUpload);
        }

        var (body, error) = await S3Body.ReadAsync(context, 4 * 1024 * 1024, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        var requested = ParseParts(body!);
        if (requested is null)
        {
            return OperationResult.Fail(S3Errors.MalformedXml);
        }

        var stored = (await S3.Store.ListPartsAsync(upload.UploadId, ct).ConfigureAwait(false)).ToDictionary(p => p.PartNumber);
        var (chosen, invalid) = Select(requested, stored);
        if (invalid is not null)
        {
            return OperationResult.Fail(invalid);
        }

        var etag = MultipartETag.Compute([.. chosen.Select(p => p.ETag)]);
        var blob = await S3.Store.AssembleAsync(chosen, upload.ChecksumAlgorithm is { } algorithm ? [algorithm] : [], ct).ConfigureAwait(false);
        if (blob is null)
        {
            return OperationResult.Fail(S3Errors.InvalidPart);
        }

        using (blob)
        {
            var record = await S3.Store.CompleteUploadAsync(upload, blob, etag, blob.Checksums, ct).ConfigureAwait(false);
            if (record is null)
            {
                return OperationResult.Fail(S3Errors.NoSuchUpload);
            }

            var location = $"{context.HttpContext.Request.Scheme}://{context.HttpContext.Request.Host}/{upload.Bucket}/{Uri.EscapeDataString(upload.Key).Replace("%2F", "/", StringComparison.Ordinal)}";
            return S3Xml.Xml(writer =>
            {
                writer.StartRoot("CompleteMultipartUploadResult");
                writer.Element("Location", location);
                writer.Element("Bucket", upload.Bucket);
                writer.Element("Key", upload.Key);
                writer.Element("ETag", record.Info.ETag);
                foreach (var (name, value) in record.Info.Checksums)
                {
                    writer.Element("Checksum" + name.ToUpperInvariant(), value);
                }

                if (record.Info.Checksums.Count > 0)
                {
                    writer.Element("ChecksumType", "FULL_OBJECT");
                }

                writer.WriteEndElement();
            });
        }
    }

    /// <summary>The parts to join, checked against what was uploaded; or the S3 error for the first problem.</summary>
    internal static (List<PartRecord> Chosen, AwsError? Error) Select(IReadOnlyList<(int Number, string ETag)> requested, IReadOnlyDictionary<int, PartRecord> stored)
    {
        var chosen = new List<PartRecord>();
        var previous = 0;
        foreach (var (number, etag) in requested)
        {
            if (number <= previous)
            {
                return ([], S3Errors.InvalidPartOrder);
            }

            previous = number;
            if (!stored.TryGetValue(number, out var part) || part.ETag.Trim('"') != etag.Trim().Trim('"'))
            {
                return ([], S3Errors.InvalidPart);
            }

            chosen.Add(part);
        }

        for (var i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < MinPartSize)
            {
                return ([], S3Errors.EntityTooSmall);
            }
        }

        return (chosen, null);
    }

    private static List<(int Number, string ETag)>? ParseParts(byte[] body)
    {
        if (S3Body.ParseXml(body)?.Root is not { } root || root.Name.LocalName != "CompleteMultipartUpload")
        {
            return null;
        }

        var parts = new List<(int, string)>();
        foreach (var part in S3Body.Children(root, "Part"))
        {
            if (!int.TryParse(S3Body.Child(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || S3Body.Child(part, "ETag") is not { } etag)
            {
                return null;
            }

            parts.Add((number, etag));
        }

        return parts.Count is 0 or > 10000 ? null : parts;
    }
}
