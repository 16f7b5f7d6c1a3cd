using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// The shape of every S3 operation: service <c>s3</c>, an IAM action on the bucket's or the object's ARN,
/// with the bucket policy as the resource-based policy (S3 User Guide, "Policies and permissions in
/// Amazon S3": actions and resource types per operation).
/// </summary>
internal abstract class S3Handler(S3Services s3) : IOperationHandler
{
    public string Service => "s3";

    public abstract string Operation { get; }

    /// <summary>The IAM action (<c>s3:GetObject</c>).</summary>
    protected abstract string Action { get; }

    /// <summary>True when the action's resource is the object (<c>arn:aws:s3:::bucket/key</c>), false for the bucket.</summary>
    protected virtual bool OnObject => false;

    protected S3Services S3 { get; } = s3;

    public virtual async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bucket = context.Bucket();
        var resource = OnObject ? S3Names.ObjectArn(bucket, context.Key()) : S3Names.BucketArn(bucket);
        return await S3Access.ForAsync(S3, context, Action, [resource], ct).ConfigureAwait(false);
    }

    public abstract ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct);
}
