using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:RemoveUserFromGroup</c> (the action targets the group).</summary>
internal sealed class RemoveUserFromGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Group, Required(context, "GroupName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.RemoveUserFromGroupAsync(Required(context, "GroupName"), Required(context, "UserName"), ct).ConfigureAwait(false));
}
