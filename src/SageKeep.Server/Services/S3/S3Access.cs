using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>Builds S3 access requests: the action, resource ARNs, the bucket policy and S3's own condition keys.</summary>
internal static class S3Access
{
    /// <summary>
    /// The access request for <paramref name="action"/> on <paramref name="resources"/> of the call's bucket.
    /// The bucket policy applies to everyone named in it, the account's root user included, except that the
    /// root user can always get, put and delete the bucket policy (PutBucketPolicy API reference: "the root
    /// user of the Amazon Web Services account that owns a bucket can always use this operation, even if the
    /// policy explicitly denies the root user"), so a policy can never lock the account out of its bucket.
    /// </summary>
    public static async ValueTask<AccessRequest> ForAsync(S3Services s3, OperationContext context, string action, IReadOnlyList<string> resources, CancellationToken ct, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null)
    {
        var bucket = await s3.Store.GetBucketAsync(context.Bucket(), ct).ConfigureAwait(false);
        var policyAction = action is "s3:GetBucketPolicy" or "s3:PutBucketPolicy" or "s3:DeleteBucketPolicy";
        var policy = bucket is null || (policyAction && PrincipalArns.IsRoot(context.Principal.Arn)) ? null : s3.Policies.For(bucket);
        return new AccessRequest(action, resources)
        {
            ResourcePolicy = policy,
            ResourceTags = bucket?.Tags,
            ContextKeys = keys ?? new Dictionary<string, IReadOnlyList<string>>(),
        };
    }
}
