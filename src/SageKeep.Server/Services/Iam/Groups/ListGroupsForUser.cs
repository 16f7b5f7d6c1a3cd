using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:ListGroupsForUser</c>.</summary>
internal sealed class ListGroupsForUser(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.User, Required(context, "UserName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.ListGroupsForUserAsync(Required(context, "UserName"), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, IamOutput.Group, output, "Groups") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
