using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.AccessKeys;

/// <summary><c>iam:DeleteAccessKey</c>: the key is refused from the next request on.</summary>
internal sealed class DeleteAccessKey(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => KeyOwnerArnAsync(context, ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        !TryUserOrCaller(context, out var userName)
            ? NotAUser(context)
            : Done(await Store.DeleteAccessKeyAsync(userName, Required(context, "AccessKeyId"), ct).ConfigureAwait(false));
}
