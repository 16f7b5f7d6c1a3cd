using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:CreateRole</c>: a role with its trust policy (validated as one), session limit, boundary and tags.</summary>
internal sealed class CreateRole(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(IamNames.RoleArn(Store.AccountId, Optional(context, "Path") ?? "/", Required(context, "RoleName")));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.CreateRoleAsync(
            Required(context, "RoleName"),
            Optional(context, "Path") ?? "/",
            Required(context, "AssumeRolePolicyDocument"),
            Optional(context, "Description"),
            OptionalInt(context, "MaxSessionDuration"),
            Optional(context, "PermissionsBoundary"),
            Tags(context),
            ct).ConfigureAwait(false);
        return Done(result, role => new() { ["Role"] = IamOutput.Role(role, withDetails: true) });
    }
}
