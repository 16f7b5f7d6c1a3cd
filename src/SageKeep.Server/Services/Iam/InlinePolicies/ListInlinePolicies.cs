using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary>List{User,Group,Role}Policies: inline policy names, one page at a time.</summary>
internal abstract class ListInlinePolicies(IamStore store, IamEntityKind kind) : InlinePolicyOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.ListInlinePoliciesAsync(Kind, Entity(context), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, name => JsonValue.Create(name), output, "PolicyNames") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
