using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary><c>DELETE /bucket/key?uploadId=U</c>: discards the upload and its parts; 204 (IAM: s3:AbortMultipartUpload).</summary>
internal sealed class AbortMultipartUpload(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "AbortMultipartUpload";

    protected override string Action => "s3:AbortMultipartUpload";

    protected override bool OnObject => true;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var upload = await S3.Store.GetUploadAsync(context.Query("uploadId") ?? string.Empty, ct).ConfigureAwait(false);
        if (upload is null || upload.Bucket != context.Bucket() || upload.Key != context.Key()
            || !await S3.Store.AbortUploadAsync(upload.UploadId, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(S3Errors.NoSuchUpload);
        }

        return S3Xml.Empty(204);
    }
}
