using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Simulation;

/// <summary>
/// <c>iam:SimulateCustomPolicy</c>: evaluates the given policies alone (no stored identity), as the caller
/// named by CallerArn (an IAM user ARN) or an anonymous user of this account.
/// </summary>
internal sealed class SimulateCustomPolicy(IamStore store, TimeProvider time) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult("*");

    public override ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var identity = new List<CompiledPolicy>();
        var boundaries = new List<CompiledPolicy>();
        var sources = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!PolicySimulator.TryParseList(context, "PolicyInputList", PolicyKind.Identity, identity, sources, texts, out var error)
            || !PolicySimulator.TryParseList(context, "PermissionsBoundaryPolicyInputList", PolicyKind.Identity, boundaries, sources, texts, out error)
            || !PolicySimulator.TryParseResourcePolicy(context, texts, out var resourcePolicy, out error))
        {
            return ValueTask.FromResult(OperationResult.Fail(IamErrors.ToAws(error!)));
        }

        var caller = Optional(context, "CallerArn") ?? $"arn:aws:iam::{Store.AccountId}:user/SimulatedUser";
        var principal = new IamPrincipal(PrincipalKind.User, caller, Store.AccountId, null, caller[(caller.LastIndexOf('/') + 1)..]);
        var input = new SimulationInput(principal, identity, boundaries.Count > 0 ? boundaries[0] : null, resourcePolicy, sources, texts);
        return ValueTask.FromResult(PolicySimulator.Run(context, input, time));
    }
}
