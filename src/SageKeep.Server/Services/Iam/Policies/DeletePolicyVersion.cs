using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:DeletePolicyVersion</c>: never the default version (DeleteConflict).</summary>
internal sealed class DeletePolicyVersion(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeletePolicyVersionAsync(PolicyArn(context), Required(context, "VersionId"), ct).ConfigureAwait(false));
}
