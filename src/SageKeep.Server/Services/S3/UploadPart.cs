using System.Globalization;
using SageKeep.Core.Errors;
using SageKeep.Server.Objects;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>PUT /bucket/key?partNumber=N&amp;uploadId=U</c>: one part (1-10000, up to 5 GiB), verified like PutObject (IAM: s3:PutObject).</summary>
internal sealed class UploadPart(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "UploadPart";

    protected override string Action => "s3:PutObject";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var (upload, partNumber, error) = await FindUploadAsync(S3, context, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        var (blob, receiveError) = await S3Upload.ReceiveAsync(context, S3.Store, EmbeddedObjectStore.MaxPutBytes, upload!.ChecksumAlgorithm, ct).ConfigureAwait(false);
        if (receiveError is not null)
        {
            return OperationResult.Fail(receiveError);
        }

        using (blob)
        {
            var part = await S3.Store.CommitPartAsync(upload.UploadId, partNumber, blob!, S3Upload.Kept(blob!), ct).ConfigureAwait(false);
            return part is null
                ? OperationResult.Fail(S3Errors.NoSuchUpload)
                : S3Xml.Empty(200, [KeyValuePair.Create("ETag", part.ETag), .. PutObject.ChecksumHeaders(part.Checksums)]);
        }
    }

    /// <summary>The upload named by <c>uploadId</c> for this bucket and key, and a valid <c>partNumber</c>.</summary>
    internal static async Task<(UploadRecord? Upload, int PartNumber, AwsError? Error)> FindUploadAsync(S3Services s3, OperationContext context, CancellationToken ct)
    {
        if (!int.TryParse(context.Query("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
        {
            return (null, 0, S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive"));
        }

        var upload = await s3.Store.GetUploadAsync(context.Query("uploadId") ?? string.Empty, ct).ConfigureAwait(false);
        return upload is null || upload.Bucket != context.Bucket() || upload.Key != context.Key()
            ? (null, 0, S3Errors.NoSuchUpload)
            : (upload, partNumber, null);
    }
}
