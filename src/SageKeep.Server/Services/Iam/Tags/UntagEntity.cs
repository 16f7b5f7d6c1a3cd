using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Iam.Attachments;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary>Untag{User,Role}: removes the named keys.</summary>
internal abstract class UntagEntity(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        List<string> keys = context.Input["TagKeys"] is JsonArray array ? [.. array.Select(InputValues.GetString).OfType<string>()] : [];
        return Done(await Store.UntagAsync(Kind, Entity(context), keys, ct).ConfigureAwait(false));
    }
}
