using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>POST /bucket?delete</c>: up to 1000 keys in one request. It is not an IAM action of its own: s3:DeleteObject
/// is authorised on every key's ARN before anything is deleted.
/// </summary>
internal sealed class DeleteObjects(S3Services s3) : S3Handler(s3)
{
    private const int MaxKeys = 1000;

    public override string Operation => "DeleteObjects";

    protected override string Action => "s3:DeleteObject";

    public override async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var (keys, _, _) = await ReadAsync(context, ct).ConfigureAwait(false);
        var resources = keys is { Count: > 0 } ? keys.Select(k => S3Names.ObjectArn(bucket, k)).ToList() : [S3Names.BucketArn(bucket)];
        return await S3Access.ForAsync(S3, context, Action, resources, ct).ConfigureAwait(false);
    }

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var bucket = context.Bucket();
        var (keys, quiet, error) = await ReadAsync(context, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        if (await S3.Store.GetBucketAsync(bucket, ct).ConfigureAwait(false) is null)
        {
            return OperationResult.Fail(S3Errors.NoSuchBucket);
        }

        foreach (var key in keys!)
        {
            await S3.Store.DeleteObjectAsync(bucket, key, ct).ConfigureAwait(false);
        }

        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("DeleteResult");
            if (!quiet)
            {
                foreach (var key in keys!)
                {
                    writer.WriteStartElement("Deleted");
                    writer.Element("Key", key);
                    writer.WriteEndElement();
                }
            }

            writer.WriteEndElement();
        });
    }

    private static async Task<(List<string>? Keys, bool Quiet, Core.Errors.AwsError? Error)> ReadAsync(OperationContext context, CancellationToken ct)
    {
        var (body, error) = await S3Body.ReadAsync(context, 2 * 1024 * 1024, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, false, error);
        }

        if (S3Body.ParseXml(body!)?.Root is not { } root || root.Name.LocalName != "Delete")
        {
            return (null, false, S3Errors.MalformedXml);
        }

        var keys = new List<string>();
        foreach (var item in S3Body.Children(root, "Object"))
        {
            if (S3Body.Child(item, "Key") is not { Length: > 0 } key)
            {
                return (null, false, S3Errors.MalformedXml);
            }

            keys.Add(key);
        }

        if (keys.Count is 0 or > MaxKeys)
        {
            return (null, false, S3Errors.MalformedXml);
        }

        var quiet = string.Equals(S3Body.Child(root, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        return (keys, quiet, null);
    }
}
