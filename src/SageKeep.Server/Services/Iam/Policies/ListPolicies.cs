using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:ListPolicies</c>: Scope All (default), AWS or Local; OnlyAttached; PathPrefix; PolicyUsageFilter.</summary>
internal sealed class ListPolicies(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => ValueTask.FromResult("*");

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var policies = await Store.ListPoliciesAsync(
            Optional(context, "Scope") ?? "All",
            OptionalBool(context, "OnlyAttached"),
            Optional(context, "PathPrefix"),
            Optional(context, "PolicyUsageFilter"),
            ct).ConfigureAwait(false);
        var output = new JsonObject();
        return IamPaging.TryPage(context, policies, IamOutput.Policy, output, "Policies") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
