using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>POST /bucket/key?uploads</c>: starts an upload, keeping the metadata, checksum algorithm and checksum type for
/// the object (IAM: s3:PutObject). The type (<c>x-amz-checksum-type</c>) follows S3's rules: SHA-1 and SHA-256 are
/// COMPOSITE only, CRC-64/NVME is FULL_OBJECT only, CRC-32 and CRC-32C may be either (FULL_OBJECT unless asked).
/// </summary>
internal sealed class CreateMultipartUpload(S3Services s3) : S3Handler(s3)
{
    private static readonly string[] Algorithms = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"];

    public override string Operation => "CreateMultipartUpload";

    protected override string Action => "s3:PutObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var key = context.Key();
        if (!S3Names.IsValidKey(key))
        {
            return OperationResult.Fail(S3Errors.KeyTooLong);
        }

        if (S3Metadata.From(context.HttpContext.Request.Headers) is not { } metadata)
        {
            return OperationResult.Fail(S3Errors.MetadataTooLarge);
        }

        var algorithm = context.Header("x-amz-checksum-algorithm")?.ToLowerInvariant();
        if (algorithm is not null && Array.IndexOf(Algorithms, algorithm) < 0)
        {
            return OperationResult.Fail(S3Errors.InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"));
        }

        var (checksumType, typeError) = ChecksumTypeFor(algorithm, context.Header("x-amz-checksum-type"));
        if (typeError is not null)
        {
            return OperationResult.Fail(S3Errors.InvalidRequest(typeError));
        }

        var upload = await S3.Store.CreateUploadAsync(bucket, key, S3Metadata.ContentType(context.HttpContext.Request.Headers), metadata, algorithm, checksumType, ct).ConfigureAwait(false);
        if (upload is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        KeyValuePair<string, string>[] headers = algorithm is null
            ? []
            : [KeyValuePair.Create("x-amz-checksum-algorithm", algorithm.ToUpperInvariant()), KeyValuePair.Create("x-amz-checksum-type", checksumType!)];
        return S3Xml.Xml(
            writer =>
            {
                writer.StartRoot("InitiateMultipartUploadResult");
                writer.Element("Bucket", bucket);
                writer.Element("Key", key);
                writer.Element("UploadId", upload.UploadId);
                writer.WriteEndElement();
            },
            200,
            headers);
    }

    /// <summary>The upload's checksum type, or the InvalidRequest message for a combination S3 refuses.</summary>
    internal static (string? Type, string? Error) ChecksumTypeFor(string? algorithm, string? requested)
    {
        var type = requested?.ToUpperInvariant();
        if (type is not null and not ("COMPOSITE" or "FULL_OBJECT"))
        {
            return (null, "Value for x-amz-checksum-type header is invalid.");
        }

        if (algorithm is null)
        {
            return type is null ? (null, null) : (null, "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }

        return (algorithm, type) switch
        {
            ("sha1" or "sha256", "FULL_OBJECT") => (null, $"The FULL_OBJECT checksum type cannot be used with the {algorithm.ToUpperInvariant()} checksum algorithm."),
            ("crc64nvme", "COMPOSITE") => (null, "The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm."),
            ("sha1" or "sha256", null) => ("COMPOSITE", null),
            (_, null) => ("FULL_OBJECT", null),
            _ => (type, null),
        };
    }
}
