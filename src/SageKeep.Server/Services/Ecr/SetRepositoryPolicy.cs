using System.Text.Json.Nodes;
using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// <c>ecr:SetRepositoryPolicy</c>: stores the repository's resource-based policy (checked by the IAM policy parser
/// as a resource policy; a document that does not parse is InvalidParameterException). From the next call on it is
/// evaluated with the caller's identity policies for every ECR API and /v2/ call on the repository.
/// </summary>
internal sealed class SetRepositoryPolicy(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "SetRepositoryPolicy";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        var text = InputValues.GetString(context.Input["policyText"])!;
        var parsed = RepositoryPolicySource.Parse(text, EcrShapes.RepositoryArn(account, name), name);
        if (!parsed.IsSuccess)
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter($"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': {parsed.Error.Message}"));
        }

        if (!await store.SetPolicyAsync(name, text, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
        }

        return OperationResult.Ok(new JsonObject { ["registryId"] = account.AccountId, ["repositoryName"] = name, ["policyText"] = text });
    }
}
