using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:ListGroups</c>.</summary>
internal sealed class ListGroups(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult($"arn:aws:iam::{Store.AccountId}:group{Optional(context, "PathPrefix") ?? "/"}");

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var groups = await Store.ListGroupsAsync(Optional(context, "PathPrefix"), ct).ConfigureAwait(false);
        var output = new JsonObject();
        return IamPaging.TryPage(context, groups, IamOutput.Group, output, "Groups") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
