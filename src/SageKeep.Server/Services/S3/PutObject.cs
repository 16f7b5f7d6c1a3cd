using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>PUT /bucket/key</c>: streams the body into a new blob, verifies it (payload hash, chunk signatures,
/// Content-MD5, checksums) and commits it atomically as the object; answers the ETag and checksums.
/// </summary>
internal sealed class PutObject(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "PutObject";

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

        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        var (blob, error) = await S3Upload.ReceiveAsync(context, S3.Store, EmbeddedObjectStore.MaxPutBytes, null, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        using (blob)
        {
            var record = await S3.Store.CommitObjectAsync(bucket, key, blob!, blob!.ETag, S3Metadata.ContentType(context.HttpContext.Request.Headers), metadata, S3Upload.Kept(blob), ct).ConfigureAwait(false);
            if (record is null)
            {
                return OperationResult.Fail(S3Errors.NoSuchBucket);
            }

            return S3Xml.Empty(200, [KeyValuePair.Create("ETag", record.Info.ETag), .. ChecksumHeaders(record.Info.Checksums)]);
        }
    }

    internal static IEnumerable<KeyValuePair<string, string>> ChecksumHeaders(IReadOnlyDictionary<string, string> checksums) =>
        checksums.Select(c => KeyValuePair.Create("x-amz-checksum-" + c.Key, c.Value));
}
