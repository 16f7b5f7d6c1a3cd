using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>
/// <c>sagemaker:ListModelPackages</c>: ModelPackageGroupName (that group's versions), ModelPackageType
/// (Unversioned by default without a group, Versioned, Both), ModelApprovalStatus, NameContains, creation-time
/// bounds, SortBy Name|CreationTime, SortOrder, pagination.
/// </summary>
internal sealed class ListModelPackages(MarketplaceStore store) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "ListModelPackages";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        IEnumerable<JsonObject> all = await store.ListAsync(MarketplaceStore.ModelPackage, ct).ConfigureAwait(false);
        if (InputValues.GetString(input["ModelPackageGroupName"]) is { } groupGiven)
        {
            var group = ModelPackageNames.GroupName(groupGiven);
            all = all.Where(p => p["ModelPackageVersion"] is not null
                && string.Equals(InputValues.GetString(p["ModelPackageGroupName"]), group, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            all = (InputValues.GetString(input["ModelPackageType"]) ?? "Unversioned") switch
            {
                "Versioned" => all.Where(p => p["ModelPackageVersion"] is not null),
                "Both" => all,
                _ => all.Where(p => p["ModelPackageVersion"] is null),
            };
        }

        if (InputValues.GetString(input["ModelApprovalStatus"]) is { } approval)
        {
            all = all.Where(p => InputValues.GetString(p["ModelApprovalStatus"]) == approval);
        }

        return MarketplaceShapes.Page(
            context,
            all,
            "ModelPackageName",
            "ModelPackageSummaryList",
            p => MarketplaceShapes.Pick(p, "ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn", "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus"));
    }
}
