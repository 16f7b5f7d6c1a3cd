using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>Attach{User,Group,Role}Policy: at most 10 managed policies per entity.</summary>
internal abstract class AttachPolicy(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.AttachPolicyAsync(Kind, Entity(context), Required(context, "PolicyArn"), ct).ConfigureAwait(false));
}
