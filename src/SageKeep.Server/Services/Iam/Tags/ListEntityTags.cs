using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Attachments;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary>List{User,Role}Tags.</summary>
internal abstract class ListEntityTags(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.ListTagsAsync(Kind, Entity(context), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, t => new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }, output, "Tags") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
