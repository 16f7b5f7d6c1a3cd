using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:DeleteGroup</c>: only once it has no users and no policies (DeleteConflict otherwise).</summary>
internal sealed class DeleteGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Group, Required(context, "GroupName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeleteGroupAsync(Required(context, "GroupName"), ct).ConfigureAwait(false));
}
