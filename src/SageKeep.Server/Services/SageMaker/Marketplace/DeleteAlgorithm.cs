using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DeleteAlgorithm</c>.</summary>
internal sealed class DeleteAlgorithm(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteAlgorithm";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteAlgorithm", CreateAlgorithm.Arn(account, InputValues.GetString(context.Input["AlgorithmName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["AlgorithmName"])!;
        var stored = await store.GetAsync(MarketplaceStore.Algorithm, name, ct).ConfigureAwait(false) is { } algorithm ? InputValues.GetString(algorithm["AlgorithmName"])! : name;
        return await store.DeleteAsync(MarketplaceStore.Algorithm, stored, ct).ConfigureAwait(false)
            ? OperationResult.Ok()
            : OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, $"Algorithm {CreateAlgorithm.Arn(account, name)} does not exist."));
    }
}
