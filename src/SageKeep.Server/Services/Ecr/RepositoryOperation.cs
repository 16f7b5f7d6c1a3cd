using SageKeep.Core;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// An ECR operation on one existing repository: authorised on the repository's ARN, answered with
/// <c>RepositoryNotFoundException</c> when <c>repositoryName</c> names none, otherwise handed the repository.
/// </summary>
internal abstract class RepositoryOperation(RegistryStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "ecr";

    public abstract string Operation { get; }

    protected RegistryStore Store => store;

    protected AwsAccount Account => account;

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) => EcrShapes.RepositoryAccess(context, account);

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["repositoryName"])!;
        return await store.GetRepositoryAsync(name, ct).ConfigureAwait(false) is { } repository
            ? await HandleAsync(context, repository, ct).ConfigureAwait(false)
            : OperationResult.Fail(EcrShapes.RepositoryNotFound(name, account));
    }

    /// <summary>The operation on <paramref name="repository"/>, which exists.</summary>
    protected abstract ValueTask<OperationResult> HandleAsync(OperationContext context, RepositoryInfo repository, CancellationToken ct);
}
