using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:CreatePolicy</c>: a customer managed policy (validated, at most 6,144 characters) with version v1 as default.</summary>
internal sealed class CreatePolicy(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(IamNames.PolicyArn(Store.AccountId, Optional(context, "Path") ?? "/", Required(context, "PolicyName")));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(
            await Store.CreatePolicyAsync(Required(context, "PolicyName"), Optional(context, "Path") ?? "/", Required(context, "PolicyDocument"), Optional(context, "Description"), ct).ConfigureAwait(false),
            policy => new() { ["Policy"] = IamOutput.Policy(policy) });
}
