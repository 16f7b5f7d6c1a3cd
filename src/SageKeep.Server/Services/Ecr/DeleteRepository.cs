using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:DeleteRepository</c>: refuses a repository with images unless <c>force</c>; blobs go at the next garbage collection.</summary>
internal sealed class DeleteRepository(RegistryStore store, AwsAccount account, ILogger<DeleteRepository> logger) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "DeleteRepository";

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

        var force = context.Input["force"]?.GetValue<bool>() ?? false;
        switch (await store.DeleteRepositoryAsync(name, force, ct).ConfigureAwait(false))
        {
            case RepositoryDeletion.NotFound:
                return OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
            case RepositoryDeletion.NotEmpty:
                return OperationResult.Fail(AwsError.Sender("RepositoryNotEmptyException", $"The repository with name '{name}' in registry with id '{account.AccountId}' cannot be deleted because it still contains images"));
        }

        Log.RepositoryChanged(logger, name, force ? "deleted (force)" : "deleted");
        return OperationResult.Ok(new JsonObject { ["repository"] = EcrShapes.Repository(context, account, repository) });
    }
}
