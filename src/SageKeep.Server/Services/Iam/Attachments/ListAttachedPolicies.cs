using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>ListAttached{User,Group,Role}Policies.</summary>
internal abstract class ListAttachedPolicies(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.ListAttachedPoliciesAsync(Kind, Entity(context), Optional(context, "PathPrefix"), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, p => new JsonObject { ["PolicyName"] = p.PolicyName, ["PolicyArn"] = p.PolicyArn }, output, "AttachedPolicies")
            ? OperationResult.Ok(output)
            : BadMarker(context);
    }
}
