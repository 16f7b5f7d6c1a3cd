using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Attachments;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary>Tag{User,Role}: adds or overwrites tags (keys ignore case; at most 50). They feed <c>aws:PrincipalTag</c>.</summary>
internal abstract class TagEntity(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.TagAsync(Kind, Entity(context), Tags(context), ct).ConfigureAwait(false));
}
