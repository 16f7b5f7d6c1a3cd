using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Roles;

/// <summary><c>iam:ListRoles</c> (without tags and boundaries, as IAM lists them).</summary>
internal sealed class ListRoles(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult($"arn:aws:iam::{Store.AccountId}:role{Optional(context, "PathPrefix") ?? "/"}");

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var roles = await Store.ListRolesAsync(Optional(context, "PathPrefix"), ct).ConfigureAwait(false);
        var output = new JsonObject();
        return IamPaging.TryPage(context, roles, r => IamOutput.Role(r, withDetails: false), output, "Roles") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
