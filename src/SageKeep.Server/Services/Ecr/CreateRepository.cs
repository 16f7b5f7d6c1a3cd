using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary><c>ecr:CreateRepository</c>: tag mutability and scan on push; KMS encryption and exclusion filters are not offered.</summary>
internal sealed partial class CreateRepository(RegistryStore store, AwsAccount account, TimeProvider time, ILogger<CreateRepository> logger) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "CreateRepository";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        if (!RepositoryNames.IsValidName(name) || !EcrNamePattern().IsMatch(name))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter($"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''"));
        }

        if (InputValues.GetString(context.Input["registryId"]) is { } registry && registry != account.AccountId)
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter($"Invalid parameter at 'registryId': repositories can only be created in registry {account.AccountId}"));
        }

        if (InputValues.GetString(context.Input["encryptionConfiguration"]?["encryptionType"]) is "KMS" or "KMS_DSSE")
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter("KMS encryption is not supported by this server; blobs are stored on the server's disk (AES256 is the only encryption type)."));
        }

        var mutability = InputValues.GetString(context.Input["imageTagMutability"]) ?? "MUTABLE";
        if (mutability is not ("MUTABLE" or "IMMUTABLE"))
        {
            return OperationResult.Fail(EcrShapes.InvalidParameter($"Tag mutability {mutability} with exclusion filters is not supported by this server."));
        }

        var scanOnPush = context.Input["imageScanningConfiguration"]?["scanOnPush"]?.GetValue<bool>() ?? false;
        var now = time.GetUtcNow();
        var repository = new RepositoryInfo(name, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), mutability == "IMMUTABLE", scanOnPush);
        if (!await store.CreateRepositoryAsync(repository, ct).ConfigureAwait(false))
        {
            return OperationResult.Fail(AwsError.Sender("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{account.AccountId}'"));
        }

        Log.RepositoryChanged(logger, name, "created");
        return OperationResult.Ok(new JsonObject { ["repository"] = EcrShapes.Repository(context, account, repository) });
    }

    /// <summary>
    /// ECR's own repository name pattern (its API model, anchored): stricter than the distribution spec's (one separator
    /// between name components, so no <c>__</c> or <c>--</c>); /v2/ accepts only repositories created here, so this decides.
    /// </summary>
    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EcrNamePattern();
}
