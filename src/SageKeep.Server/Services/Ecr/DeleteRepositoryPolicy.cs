using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:DeleteRepositoryPolicy</c>: removes the policy and answers the text it had (RepositoryPolicyNotFoundException without one).</summary>
internal sealed class DeleteRepositoryPolicy(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "DeleteRepositoryPolicy";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        var repository = await store.GetRepositoryAsync(name, ct).ConfigureAwait(false);
        if (repository is null)
        {
            return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
        }

        if (repository.PolicyText is not { } text)
        {
            return OperationResult.Fail(GetRepositoryPolicy.PolicyNotFound(name, account));
        }

        await store.SetPolicyAsync(name, null, ct).ConfigureAwait(false);
        return OperationResult.Ok(new JsonObject { ["registryId"] = account.AccountId, ["repositoryName"] = name, ["policyText"] = text });
    }
}
