using SageKeep.Server.Authorization;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Handles one AWS operation (e.g. <c>sagemaker</c>/<c>CreateTrainingJob</c>). The protocol layer has
/// already authenticated the caller, bound the input to the operation's shape and validated it against
/// the model; the handler sees a valid input tree and answers with output values or an
/// <see cref="SageKeep.Core.Errors.AwsError"/>. Register with <c>services.AddOperation&lt;T&gt;()</c>.
/// </summary>
internal interface IOperationHandler
{
    /// <summary>The service name as in the model catalog: <c>sagemaker</c>, <c>sagemaker-runtime</c>, <c>sts</c>, <c>iam</c>, <c>ecr</c>, <c>ec2</c>, <c>s3</c>, <c>logs</c>.</summary>
    string Service { get; }

    /// <summary>The operation name exactly as in the model (<c>CreateTrainingJob</c>).</summary>
    string Operation { get; }

    /// <summary>
    /// The IAM action and resources this call needs, authorised before <see cref="HandleAsync"/> runs.
    /// Default: <c>&lt;signing name&gt;:&lt;Operation&gt;</c> on <c>*</c>. Handlers whose action targets a
    /// resource override it with the resource's ARN (and its tags, resource policy, service condition keys).
    /// </summary>
    ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For($"{context.Model.SigningName}:{context.Operation.Name}", "*"));

    ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct);
}
