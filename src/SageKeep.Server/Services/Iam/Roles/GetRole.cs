using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:GetRole</c>: the role with its (URL-encoded) trust policy, boundary and tags.</summary>
internal sealed class GetRole(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Role, Required(context, "RoleName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.GetRoleAsync(Required(context, "RoleName"), ct).ConfigureAwait(false), role => new() { ["Role"] = IamOutput.Role(role, withDetails: true) });
}
