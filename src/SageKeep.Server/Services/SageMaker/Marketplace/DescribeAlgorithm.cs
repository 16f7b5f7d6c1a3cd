using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DescribeAlgorithm</c> by name or ARN, with status and status details.</summary>
internal sealed class DescribeAlgorithm(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DescribeAlgorithm";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["AlgorithmName"]) ?? "*";
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DescribeAlgorithm", name.StartsWith("arn:", StringComparison.Ordinal) ? name : CreateAlgorithm.Arn(account, name)));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["AlgorithmName"])!;
        var document = await store.GetAsync(MarketplaceStore.Algorithm, name, ct).ConfigureAwait(false);
        if (document is null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Algorithm {(name.StartsWith("arn:", StringComparison.Ordinal) ? name : CreateAlgorithm.Arn(account, name))} does not exist."));
        }

        return OperationResult.Ok(MarketplaceShapes.Public(document));
    }
}
