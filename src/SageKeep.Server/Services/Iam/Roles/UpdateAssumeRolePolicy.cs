using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:UpdateAssumeRolePolicy</c>: replaces the role's trust policy.</summary>
internal sealed class UpdateAssumeRolePolicy(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Role, Required(context, "RoleName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.UpdateAssumeRolePolicyAsync(Required(context, "RoleName"), Required(context, "PolicyDocument"), ct).ConfigureAwait(false));
}
