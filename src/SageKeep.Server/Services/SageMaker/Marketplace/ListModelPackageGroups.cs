using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:ListModelPackageGroups</c>: NameContains, creation-time bounds, SortBy Name|CreationTime, SortOrder, pagination.</summary>
internal sealed class ListModelPackageGroups(MarketplaceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListModelPackageGroups";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = await store.ListAsync(MarketplaceStore.ModelPackageGroup, ct).ConfigureAwait(false);
        return MarketplaceShapes.Page(
            context,
            all,
            "ModelPackageGroupName",
            "ModelPackageGroupSummaryList",
            g => MarketplaceShapes.Pick(g, "ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime", "ModelPackageGroupStatus"));
    }
}
