using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DescribeModelPackageGroup</c> by name or ARN.</summary>
internal sealed class DescribeModelPackageGroup(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DescribeModelPackageGroup";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DescribeModelPackageGroup", ModelPackageNames.GroupArn(account, ModelPackageNames.GroupName(InputValues.GetString(context.Input["ModelPackageGroupName"]) ?? "*"))));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["ModelPackageGroupName"])!;
        var document = await ModelPackageNames.FindGroupAsync(store, name, ct).ConfigureAwait(false);
        return document is null
            ? OperationResult.Fail(CreateModelPackageGroup.NotFound(context.Protocol, account, name))
            : OperationResult.Ok(MarketplaceShapes.Public(document));
    }
}
