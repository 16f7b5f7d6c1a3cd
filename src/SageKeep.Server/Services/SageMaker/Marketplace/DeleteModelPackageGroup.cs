using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DeleteModelPackageGroup</c>: only an empty group (ConflictException while versions remain).</summary>
internal sealed class DeleteModelPackageGroup(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteModelPackageGroup";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteModelPackageGroup", ModelPackageNames.GroupArn(account, ModelPackageNames.GroupName(InputValues.GetString(context.Input["ModelPackageGroupName"]) ?? "*"))));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var given = InputValues.GetString(context.Input["ModelPackageGroupName"])!;
        var name = (await ModelPackageNames.FindGroupAsync(store, given, ct).ConfigureAwait(false)) is { } group
            ? InputValues.GetString(group["ModelPackageGroupName"])!
            : ModelPackageNames.GroupName(given);
        return await store.DeleteGroupAsync(name, ct).ConfigureAwait(false) switch
        {
            true => OperationResult.Ok(),
            false => OperationResult.Fail(AwsError.Sender("ConflictException", $"Model Package Group {ModelPackageNames.GroupArn(account, name)} still has model packages: delete them first.")),
            null => OperationResult.Fail(CreateModelPackageGroup.NotFound(context.Protocol, account, given)),
        };
    }
}
