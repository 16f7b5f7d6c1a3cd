using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:GetRepositoryPolicy</c>: the stored policy text, or RepositoryPolicyNotFoundException.</summary>
internal sealed class GetRepositoryPolicy(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "GetRepositoryPolicy";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        return await store.GetRepositoryAsync(name, ct).ConfigureAwait(false) switch
        {
            null => OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account)),
            { PolicyText: null } => OperationResult.Fail(PolicyNotFound(name, account)),
            { PolicyText: { } text } => OperationResult.Ok(new JsonObject { ["registryId"] = account.AccountId, ["repositoryName"] = name, ["policyText"] = text }),
        };
    }

    internal static AwsError PolicyNotFound(string name, AwsAccount account) =>
        AwsError.Sender("RepositoryPolicyNotFoundException", $"Repository policy does not exist for the repository with name '{name}' in the registry with id '{account.AccountId}'");
}
