using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:UpdateGroup</c>: a new name and/or path.</summary>
internal sealed class UpdateGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Group, Required(context, "GroupName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.UpdateGroupAsync(Required(context, "GroupName"), Optional(context, "NewGroupName"), Optional(context, "NewPath"), ct).ConfigureAwait(false));
}
