using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary>Put{User,Group,Role}Policy: creates or replaces an inline policy (validated, within the entity's size quota).</summary>
internal abstract class PutInlinePolicy(IamStore store, IamEntityKind kind) : InlinePolicyOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.PutInlinePolicyAsync(Kind, Entity(context), Required(context, "PolicyName"), Required(context, "PolicyDocument"), ct).ConfigureAwait(false));
}
