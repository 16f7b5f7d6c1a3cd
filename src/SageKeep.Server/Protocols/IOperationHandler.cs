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

    ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct);
}
