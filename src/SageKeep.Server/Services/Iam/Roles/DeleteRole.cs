using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:DeleteRole</c>: only once it has no policies (DeleteConflict otherwise); its sessions lose every permission.</summary>
internal sealed class DeleteRole(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Role, Required(context, "RoleName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeleteRoleAsync(Required(context, "RoleName"), ct).ConfigureAwait(false));
}
