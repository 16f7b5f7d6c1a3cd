using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary><c>sagemaker:DescribeModelPackage</c> by name, unversioned ARN or versioned ARN: status, status details, approval.</summary>
internal sealed class DescribeModelPackage(MarketplaceStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DescribeModelPackage";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DescribeModelPackage", ModelPackageNames.ResourceArn(account, InputValues.GetString(context.Input["ModelPackageName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["ModelPackageName"])!;
        var document = await ModelPackageNames.FindAsync(store, name, ct).ConfigureAwait(false);
        return document is null
            ? OperationResult.Fail(NotFound(context.Protocol, account, name))
            : OperationResult.Ok(MarketplaceShapes.Public(document));
    }

    internal static Core.Errors.AwsError NotFound(ProtocolKind protocol, AwsAccount account, string nameOrArn) =>
        ProtocolErrors.Validation(protocol, $"ModelPackage {ModelPackageNames.ResourceArn(account, nameOrArn)} does not exist.");
}
