using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:PutImageScanningConfiguration</c>: turns scan on push on or off.</summary>
internal sealed class PutImageScanningConfiguration(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "PutImageScanningConfiguration";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        var scanOnPush = context.Input["imageScanningConfiguration"]?["scanOnPush"]?.GetValue<bool>() ?? false;
        if (!await store.UpdateRepositoryAsync(name, scanOnPush, null, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
        }

        return OperationResult.Ok(new JsonObject
        {
            ["registryId"] = account.AccountId,
            ["repositoryName"] = name,
            ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = scanOnPush },
        });
    }
}
