using System.Globalization;
using SageKeep.Core.Errors;
using SageKeep.Security.SigV4.Chunked;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>POST /bucket/key?uploadId=U</c>: the listed parts, in ascending order (InvalidPartOrder), each uploaded
/// with the given ETag (InvalidPart), all but the last at least 5 MiB (EntityTooSmall), become the object,
/// with the ETag <c>"md5-of-md5s-N"</c>. The parts are concatenated into one blob, committed atomically.
/// With a checksum algorithm the object's checksum is either FULL_OBJECT (computed over the joined bytes) or
/// COMPOSITE (S3 User Guide, "Checking object integrity": the algorithm applied to the concatenated binary
/// checksums of the parts, in order, base64 with a <c>-N</c> suffix). Part checksums listed in the request and
/// a whole-object checksum header must match what was stored (InvalidPart, BadDigest).
/// </summary>
internal sealed class CompleteMultipartUpload(S3Services s3) : S3Handler(s3)
{
    public const long MinPartSize = 5L * 1024 * 1024;

    private static readonly string[] ChecksumElements = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];

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
        var (chosen, invalid) = Select([.. requested.Select(r => (r.Number, r.ETag))], stored);
        if (invalid is not null)
        {
            return OperationResult.Fail(invalid);
        }

        if (!PartChecksumsMatch(requested, stored, upload.ChecksumAlgorithm))
        {
            return OperationResult.Fail(S3Errors.InvalidPart);
        }

        var etag = MultipartETag.Compute([.. chosen.Select(p => p.ETag)]);
        var composite = upload.ChecksumType == "COMPOSITE" && upload.ChecksumAlgorithm is not null;
        var compositeValue = composite ? CompositeChecksum(upload.ChecksumAlgorithm!, chosen) : null;
        if (composite && compositeValue is null)
        {
            return OperationResult.Fail(S3Errors.InvalidPart);
        }

        var blob = await S3.Store.AssembleAsync(chosen, upload.ChecksumAlgorithm is { } algorithm && !composite ? [algorithm] : [], ct).ConfigureAwait(false);
        if (blob is null)
        {
            return OperationResult.Fail(S3Errors.InvalidPart);
        }

        using (blob)
        {
            IReadOnlyDictionary<string, string> checksums = compositeValue is not null
                ? new Dictionary<string, string> { [upload.ChecksumAlgorithm!] = compositeValue }
                : blob.Checksums;
            if (upload.ChecksumAlgorithm is { } expectedAlgorithm
                && context.Header("x-amz-checksum-" + expectedAlgorithm) is { } claimed
                && checksums.TryGetValue(expectedAlgorithm, out var actual)
                && claimed.Trim() != actual)
            {
                return OperationResult.Fail(S3Errors.ChecksumMismatch(expectedAlgorithm));
            }

            var record = await S3.Store.CompleteUploadAsync(upload, blob, etag, checksums, ct).ConfigureAwait(false);
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
                    writer.Element("ChecksumType", ChecksumType(record.Info.Checksums));
                }

                writer.WriteEndElement();
            });
        }
    }

    /// <summary>COMPOSITE when a stored checksum carries the <c>-N</c> part count (base64 never contains '-'), else FULL_OBJECT.</summary>
    internal static string ChecksumType(IReadOnlyDictionary<string, string> checksums) =>
        checksums.Values.Any(v => v.Contains('-', StringComparison.Ordinal)) ? "COMPOSITE" : "FULL_OBJECT";

    /// <summary>The composite checksum of the parts, or null when a part lacks a valid checksum of the algorithm.</summary>
    internal static string? CompositeChecksum(string algorithm, IReadOnlyList<PartRecord> parts)
    {
        using var calculator = TrailingChecksumCalculator.For(algorithm);
        if (calculator is null)
        {
            return null;
        }

        foreach (var part in parts)
        {
            if (!part.Checksums.TryGetValue(algorithm, out var value))
            {
                return null;
            }

            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                return null;
            }

            calculator.Append(raw);
        }

        return calculator.FinishBase64() + "-" + parts.Count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Every part checksum the request lists (ChecksumCRC32, ...) equals the one stored with the part.</summary>
    private static bool PartChecksumsMatch(IReadOnlyList<(int Number, string ETag, IReadOnlyDictionary<string, string> Checksums)> requested, Dictionary<int, PartRecord> stored, string? algorithm)
    {
        foreach (var (number, _, checksums) in requested)
        {
            foreach (var (name, value) in checksums)
            {
                if (!stored.TryGetValue(number, out var part))
                {
                    continue;
                }

                if (algorithm is not null && name != algorithm)
                {
                    return false;
                }

                if (part.Checksums.TryGetValue(name, out var actual) && actual != value.Trim())
                {
                    return false;
                }
            }
        }

        return true;
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

    private static List<(int Number, string ETag, IReadOnlyDictionary<string, string> Checksums)>? ParseParts(byte[] body)
    {
        if (S3Body.ParseXml(body)?.Root is not { } root || root.Name.LocalName != "CompleteMultipartUpload")
        {
            return null;
        }

        var parts = new List<(int, string, IReadOnlyDictionary<string, string>)>();
        foreach (var part in S3Body.Children(root, "Part"))
        {
            if (!int.TryParse(S3Body.Child(part, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || S3Body.Child(part, "ETag") is not { } etag)
            {
                return null;
            }

            var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in ChecksumElements)
            {
                if (S3Body.Child(part, "Checksum" + name) is { } value)
                {
                    checksums[name.ToLowerInvariant()] = value;
                }
            }

            parts.Add((number, etag, checksums));
        }

        return parts.Count is 0 or > 10000 ? null : parts;
    }
}
