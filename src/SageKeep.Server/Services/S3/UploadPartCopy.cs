using System.Globalization;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>PUT ...?partNumber&amp;uploadId</c> with <c>x-amz-copy-source</c> (and optionally
/// <c>x-amz-copy-source-range: bytes=first-last</c>): a part copied from an existing object. IAM: s3:PutObject on
/// the target, s3:GetObject on the source.
/// </summary>
internal sealed class UploadPartCopy(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "UploadPartCopy";

    protected override string Action => "s3:PutObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (CopySource.Parse(context.Header("x-amz-copy-source")) is not { } source)
        {
            return OperationResult.Fail(S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey"));
        }

        var denied = await CopyObject.AuthorizeSourceAsync(S3, context, source, ct).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var (upload, partNumber, error) = await UploadPart.FindUploadAsync(S3, context, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        if (await S3.Store.OpenObjectAsync(source.Bucket, source.Key, ct).ConfigureAwait(false) is not { } opened)
        {
            return OperationResult.Fail(await S3.Store.GetBucketAsync(source.Bucket, ct).ConfigureAwait(false) is null ? S3Errors.NoSuchBucket : S3Errors.NoSuchKey);
        }

        var (record, content) = opened;
        PendingBlob blob;
        await using (content.ConfigureAwait(false))
        {
            var start = 0L;
            var length = record.Info.Size;
            if (context.Header("x-amz-copy-source-range") is { } rangeText)
            {
                var range = ByteRange.Parse(rangeText, record.Info.Size);
                if (range.Kind != RangeKind.Partial || rangeText.Contains("=-", StringComparison.Ordinal))
                {
                    return OperationResult.Fail(S3Errors.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"Range specified is not valid for source object of size: {record.Info.Size}")));
                }

                (start, length) = (range.Range.Start, range.Range.Length);
            }

            var sink = S3.Store.CreateSink(upload!.ChecksumAlgorithm is { } algorithm ? [algorithm] : [], computeSha256: false, EmbeddedObjectStore.MaxPutBytes);
            await using (sink.ConfigureAwait(false))
            {
                content.Seek(start, SeekOrigin.Begin);
                var buffer = new byte[1024 * 1024];
                var remaining = length;
                while (remaining > 0)
                {
                    var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return OperationResult.Fail(S3Errors.NoSuchKey);
                    }

                    await sink.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    remaining -= read;
                }

                blob = await sink.CompleteAsync(ct).ConfigureAwait(false);
            }
        }

        using (blob)
        {
            var part = await S3.Store.CommitPartAsync(upload.UploadId, partNumber, blob, blob.Checksums, ct).ConfigureAwait(false);
            if (part is null)
            {
                return OperationResult.Fail(S3Errors.NoSuchUpload);
            }

            return S3Xml.Xml(writer =>
            {
                writer.StartRoot("CopyPartResult");
                writer.Element("ETag", part.ETag);
                writer.Element("LastModified", S3Xml.Timestamp(part.LastModified));
                writer.WriteEndElement();
            });
        }
    }
}
