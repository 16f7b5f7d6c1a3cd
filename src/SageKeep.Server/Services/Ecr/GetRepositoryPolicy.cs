using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:GetRepositoryPolicy</c>: the stored policy text, or RepositoryPolicyNotFoundException.</summary>
internal sealed class GetRepositoryPolicy(RegistryStore store, AwsAccount account) : RepositoryOperation(store, account)
{
    public override string Operation => "GetRepositoryPolicy";

    protected override ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct) =>
        ValueTask.FromResult(repository.PolicyText is { } text
            ? OperationResult.Ok(new JsonObject { ["registryId"] = Account.AccountId, ["repositoryName"] = repository.Name, ["policyText"] = text })
            : OperationResult.Fail(PolicyNotFound(repository.Name, Account)));

    internal static AwsError PolicyNotFound(string name, AwsAccount account) =>
        AwsError.Sender("RepositoryPolicyNotFoundException", $"Repository policy does not exist for the repository with name '{name}' in the registry with id '{account.AccountId}'");
}
