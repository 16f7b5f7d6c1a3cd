using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.AccessKeys;

/// <summary><c>iam:UpdateAccessKey</c>: Active or Inactive; SigV4 reads the status on every request, so the next request sees it.</summary>
internal sealed class UpdateAccessKey(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => KeyOwnerArnAsync(context, ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        !TryUserOrCaller(context, out var userName)
            ? NotAUser(context)
            : Done(await Store.UpdateAccessKeyAsync(userName, Required(context, "AccessKeyId"), Required(context, "Status"), ct).ConfigureAwait(false));
}
