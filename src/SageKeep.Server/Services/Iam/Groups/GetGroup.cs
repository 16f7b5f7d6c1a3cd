using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:GetGroup</c>: the group and a page of its users.</summary>
internal sealed class GetGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.Group, Required(context, "GroupName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.GetGroupAsync(Required(context, "GroupName"), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject { ["Group"] = IamOutput.Group(result.Value.Group) };
        return IamPaging.TryPage(context, result.Value.Users, u => IamOutput.User(u), output, "Users") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
