using SageKeep.Server.Authorization;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>PUT /bucket/key</c> with <c>x-amz-copy-source</c>: s3:PutObject on the target (before the handler) and
/// s3:GetObject on the source (checked here, with the source bucket's policy). The metadata is copied, or
/// replaced with <c>x-amz-metadata-directive: REPLACE</c>. The bytes are streamed into a new blob.
/// </summary>
internal sealed class CopyObject(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "CopyObject";

    protected override string Action => "s3:PutObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var key = context.Key();
        if (CopySource.Parse(context.Header("x-amz-copy-source")) is not { } source)
        {
            return OperationResult.Fail(S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey"));
        }

        if (!S3Names.IsValidKey(key))
        {
            return OperationResult.Fail(S3Errors.KeyTooLong);
        }

        var denied = await AuthorizeSourceAsync(S3, context, source, ct).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var replace = string.Equals(context.Header("x-amz-metadata-directive"), "REPLACE", StringComparison.OrdinalIgnoreCase);
        if (!replace && source.Bucket == bucket && source.Key == key)
        {
            return OperationResult.Fail(S3Errors.CopyToItself);
        }

        var metadataFromRequest = S3Metadata.From(context.HttpContext.Request.Headers);
        if (replace && metadataFromRequest is null)
        {
            return OperationResult.Fail(S3Errors.MetadataTooLarge);
        }

        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        if (await S3.Store.OpenObjectAsync(source.Bucket, source.Key, ct).ConfigureAwait(false) is not { } opened)
        {
            return OperationResult.Fail(await S3.Store.GetBucketAsync(source.Bucket, ct).ConfigureAwait(false) is null ? S3Errors.NoSuchBucket : S3Errors.NoSuchKey);
        }

        var (sourceRecord, content) = opened;
        PendingBlob blob;
        await using (content.ConfigureAwait(false))
        {
            var sink = S3.Store.CreateSink(sourceRecord.Info.Checksums.Keys, computeSha256: false, EmbeddedObjectStore.MaxPutBytes);
            await using (sink.ConfigureAwait(false))
            {
                try
                {
                    await content.CopyToAsync(sink, 1024 * 1024, ct).ConfigureAwait(false);
                }
                catch (ObjectTooLargeException)
                {
                    return OperationResult.Fail(S3Errors.InvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120"));
                }

                blob = await sink.CompleteAsync(ct).ConfigureAwait(false);
            }
        }

        using (blob)
        {
            var contentType = replace ? S3Metadata.ContentType(context.HttpContext.Request.Headers) : sourceRecord.Info.ContentType;
            var metadata = replace ? metadataFromRequest! : sourceRecord.Metadata;
            var record = await S3.Store.CommitObjectAsync(bucket, key, blob, blob.ETag, contentType, metadata, blob.Checksums, ct).ConfigureAwait(false);
            if (record is null)
            {
                return OperationResult.Fail(S3Errors.NoSuchBucket);
            }

            return S3Xml.Xml(writer =>
            {
                writer.StartRoot("CopyObjectResult");
                writer.Element("ETag", record.Info.ETag);
                writer.Element("LastModified", S3Xml.Timestamp(record.Info.LastModified));
                writer.WriteEndElement();
            });
        }
    }

    /// <summary>s3:GetObject on the source object, with the source bucket's policy; null when allowed.</summary>
    internal static async Task<OperationResult?> AuthorizeSourceAsync(S3Services s3, OperationContext context, CopySource source, CancellationToken ct)
    {
        var bucket = await s3.Store.GetBucketAsync(source.Bucket, ct).ConfigureAwait(false);
        var access = new AccessRequest("s3:GetObject", [S3Names.ObjectArn(source.Bucket, source.Key)])
        {
            ResourcePolicy = bucket is null ? null : s3.Policies.For(bucket),
        };
        var result = await s3.Authorizer.AuthorizeAsync(context, access, ct).ConfigureAwait(false);
        return result.IsAllowed ? null : OperationResult.Fail(result.Error ?? AccessDeniedMessages.Error(context.Protocol, "Access Denied"));
    }
}
