using System.Text.Json.Nodes;
using SageKeep.Server.Audit;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>POST /bucket?delete</c>: up to 1000 keys in one request. It is not an IAM action of its own: as in S3, each
/// key is authorised separately (s3:DeleteObject on the object's ARN, with the bucket policy), keys the caller may
/// not delete are answered with a per-key <c>AccessDenied</c> Error while the others are deleted, and the request
/// as a whole succeeds. Quiet mode lists only the errors. Each key's decision (allowed or denied, the deciding
/// statement) is written to the audit trail as a record of its own after the request's record.
/// </summary>
internal sealed class DeleteObjects(S3Services s3) : S3Handler(s3)
{
    private const int MaxKeys = 1000;

    public override string Operation => "DeleteObjects";

    protected override string Action => "s3:DeleteObject";

    /// <summary>Recorded in the audit trail as s3:DeleteObject on the bucket; the decisions are taken per key in <see cref="HandleAsync"/>.</summary>
    public override ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(new AccessRequest(Action, [S3Names.BucketArn(context.Bucket())]) { RequiresAuthorization = false });
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

        var results = new List<(string Key, bool Deleted)>();
        foreach (var key in keys!)
        {
            var access = await S3Access.ForAsync(S3, context, Action, [S3Names.ObjectArn(bucket, key)], ct).ConfigureAwait(false);
            var decision = await S3.Authorizer.AuthorizeAsync(context, access, ct).ConfigureAwait(false);
            ItemDecisions.Add(context.HttpContext, new ItemDecision(Action, access.Resources, decision, decision.IsAllowed ? null : "AccessDenied", new JsonObject { ["Bucket"] = bucket, ["Key"] = key }));
            if (!decision.IsAllowed)
            {
                results.Add((key, false));
                continue;
            }

            await S3.Store.DeleteObjectAsync(bucket, key, ct).ConfigureAwait(false);
            results.Add((key, true));
        }

        return S3Xml.Xml(writer =>
        {
            writer.StartRoot("DeleteResult");
            foreach (var (key, deleted) in results)
            {
                if (deleted && quiet)
                {
                    continue;
                }

                writer.WriteStartElement(deleted ? "Deleted" : "Error");
                writer.Element("Key", key);
                if (!deleted)
                {
                    writer.Element("Code", "AccessDenied");
                    writer.Element("Message", "Access Denied");
                }

                writer.WriteEndElement();
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
