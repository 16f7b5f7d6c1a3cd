using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>Detach{User,Group,Role}Policy.</summary>
internal abstract class DetachPolicy(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DetachPolicyAsync(Kind, Entity(context), Required(context, "PolicyArn"), ct).ConfigureAwait(false));
}
