using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:UpdateRole</c>: description and MaxSessionDuration (3600..43200).</summary>
internal sealed class UpdateRole(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Role, Required(context, "RoleName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.UpdateRoleAsync(Required(context, "RoleName"), Optional(context, "Description"), OptionalInt(context, "MaxSessionDuration"), ct).ConfigureAwait(false), _ => []);
}
