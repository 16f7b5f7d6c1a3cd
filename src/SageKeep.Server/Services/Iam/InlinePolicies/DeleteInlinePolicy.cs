using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary>Delete{User,Group,Role}Policy.</summary>
internal abstract class DeleteInlinePolicy(IamStore store, IamEntityKind kind) : InlinePolicyOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeleteInlinePolicyAsync(Kind, Entity(context), Required(context, "PolicyName"), ct).ConfigureAwait(false));
}
