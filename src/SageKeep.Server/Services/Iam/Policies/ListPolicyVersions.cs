using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:ListPolicyVersions</c>: newest first.</summary>
internal sealed class ListPolicyVersions(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var result = await Store.ListPolicyVersionsAsync(PolicyArn(context), ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, v => IamOutput.Version(v, withDocument: false), output, "Versions") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
