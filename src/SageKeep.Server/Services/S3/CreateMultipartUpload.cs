using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>POST /bucket/key?uploads</c>: starts an upload, keeping the metadata and checksum algorithm for the object (IAM: s3:PutObject).</summary>
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

        var upload = await S3.Store.CreateUploadAsync(bucket, key, S3Metadata.ContentType(context.HttpContext.Request.Headers), metadata, algorithm, ct).ConfigureAwait(false);
        if (upload is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        KeyValuePair<string, string>[] headers = algorithm is null ? [] : [KeyValuePair.Create("x-amz-checksum-algorithm", algorithm.ToUpperInvariant())];
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
}
