using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Users;

/// <summary><c>iam:DeleteUser</c>: only once its keys, policies and group memberships are gone (DeleteConflict otherwise).</summary>
internal sealed class DeleteUser(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.User, Required(context, "UserName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeleteUserAsync(Required(context, "UserName"), ct).ConfigureAwait(false));
}
