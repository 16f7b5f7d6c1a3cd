using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:SetDefaultPolicyVersion</c>: takes effect for every principal on its next request.</summary>
internal sealed class SetDefaultPolicyVersion(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.SetDefaultPolicyVersionAsync(PolicyArn(context), Required(context, "VersionId"), ct).ConfigureAwait(false));
}
