using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:GetPolicy</c>.</summary>
internal sealed class GetPolicy(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.GetPolicyAsync(PolicyArn(context), ct).ConfigureAwait(false), policy => new() { ["Policy"] = IamOutput.Policy(policy) });
}
