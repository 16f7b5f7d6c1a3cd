using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// <c>PUT /bucket?tagging</c>: replaces the tag set (at most 50 tags, keys 1-128 and values 0-256 characters,
/// no duplicate keys, no <c>aws:</c> prefix; InvalidTag otherwise). 204.
/// </summary>
internal sealed class PutBucketTagging(S3Services s3) : S3Handler(s3)
{
    public override string Operation => "PutBucketTagging";

    protected override string Action => "s3:PutBucketTagging";

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var (body, error) = await S3Body.ReadAsync(context, 64 * 1024, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Fail(error);
        }

        if (S3Body.ParseXml(body!)?.Root is not { } root || root.Name.LocalName != "Tagging" || S3Body.Children(root, "TagSet").FirstOrDefault() is not { } tagSet)
        {
            return OperationResult.Fail(S3Errors.MalformedXml);
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in S3Body.Children(tagSet, "Tag"))
        {
            var key = S3Body.Child(tag, "Key");
            var value = S3Body.Child(tag, "Value") ?? string.Empty;
            if (key is null || key.Length is 0 or > 128 || value.Length > 256)
            {
                return OperationResult.Fail(S3Errors.InvalidTag("The TagKey you have provided is invalid"));
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return OperationResult.Fail(S3Errors.InvalidTag("System tags cannot be added/updated by requester"));
            }

            if (!tags.TryAdd(key, value))
            {
                return OperationResult.Fail(S3Errors.InvalidTag("Cannot provide multiple Tags with the same key"));
            }
        }

        if (tags.Count > 50)
        {
            return OperationResult.Fail(S3Errors.InvalidTag("Bucket tag count cannot be greater than 50"));
        }

        return await S3.Store.SetTagsAsync(context.Bucket(), tags, ct).ConfigureAwait(false)
            ? S3Xml.Empty(204)
            : OperationResult.Fail(S3Errors.NoSuchBucket);
    }
}
