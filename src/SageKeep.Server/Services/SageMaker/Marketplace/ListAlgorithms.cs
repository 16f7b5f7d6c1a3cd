using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:ListAlgorithms</c>: NameContains, creation-time bounds, SortBy Name|CreationTime, SortOrder, pagination.</summary>
internal sealed class ListAlgorithms(MarketplaceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListAlgorithms";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = await store.ListAsync(MarketplaceStore.Algorithm, ct).ConfigureAwait(false);
        return MarketplaceShapes.Page(
            context,
            all,
            "AlgorithmName",
            "AlgorithmSummaryList",
            a => MarketplaceShapes.Pick(a, "AlgorithmName", "AlgorithmArn", "AlgorithmDescription", "CreationTime", "AlgorithmStatus"));
    }
}
