using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:DeleteRepositoryPolicy</c>: removes the policy and answers the text it had (RepositoryPolicyNotFoundException without one).</summary>
internal sealed class DeleteRepositoryPolicy(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "DeleteRepositoryPolicy";

    protected override async ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct)
    {
        var name = repository.Name;
        if (repository.PolicyText is not { } text)
        {
            return OperationResult.Fail(GetRepositoryPolicy.PolicyNotFound(name, Account));
        }

        await Store.SetPolicyAsync(name, null, ct).ConfigureAwait(false);
        return OperationResult.Ok(new JsonObject { ["registryId"] = Account.AccountId, ["repositoryName"] = name, ["policyText"] = text });
    }
}
