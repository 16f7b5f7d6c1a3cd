using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:AddUserToGroup</c> (the action targets the group); a user is in at most 10 groups.</summary>
internal sealed class AddUserToGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Group, Required(context, "GroupName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.AddUserToGroupAsync(Required(context, "GroupName"), Required(context, "UserName"), ct).ConfigureAwait(false));
}
