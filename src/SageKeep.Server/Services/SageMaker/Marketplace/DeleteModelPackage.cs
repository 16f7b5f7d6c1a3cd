using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DeleteModelPackage</c> by name or ARN (a versioned package's number is never handed out again).</summary>
internal sealed class DeleteModelPackage(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteModelPackage";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteModelPackage", ModelPackageNames.ResourceArn(account, InputValues.GetString(context.Input["ModelPackageName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var given = InputValues.GetString(context.Input["ModelPackageName"])!;
        var document = await ModelPackageNames.FindAsync(store, given, ct).ConfigureAwait(false);
        return document is not null && await store.DeleteAsync(MarketplaceStore.ModelPackage, AlgorithmValidator.RowName(document), ct).ConfigureAwait(false)
            ? OperationResult.Ok()
            : OperationResult.Fail(DescribeModelPackage.NotFound(context.Protocol, account, given));
    }
}
