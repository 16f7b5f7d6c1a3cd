using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:DeletePolicy</c>: only when attached nowhere and left with its default version (DeleteConflict otherwise).</summary>
internal sealed class DeletePolicy(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.DeletePolicyAsync(PolicyArn(context), ct).ConfigureAwait(false));
}
