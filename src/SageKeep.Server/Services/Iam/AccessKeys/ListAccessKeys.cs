using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.AccessKeys;

/// <summary><c>iam:ListAccessKeys</c>: key ids, status and creation dates (never secrets) of a user or the caller.</summary>
internal sealed class ListAccessKeys(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => KeyOwnerArnAsync(context, ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (!TryUserOrCaller(context, out var userName))
        {
            return NotAUser(context);
        }

        var result = await Store.ListAccessKeysAsync(userName, ct).ConfigureAwait(false);
        if (result.Error is not null)
        {
            return Done(result);
        }

        var output = new JsonObject();
        return IamPaging.TryPage(context, result.Value!, IamOutput.KeyMetadata, output, "AccessKeyMetadata") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
