using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.AccessKeys;

/// <summary>
/// <c>iam:CreateAccessKey</c>: an AKIA key id and 40-character secret for the named user, or for the caller
/// (the root user may create its own). At most two per user. The secret appears in this answer only.
/// </summary>
internal sealed class CreateAccessKey(IamStore store, ILogger<CreateAccessKey> logger) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) => KeyOwnerArnAsync(context, ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (!TryUserOrCaller(context, out var userName))
        {
            return NotAUser(context);
        }

        var result = await Store.CreateAccessKeyAsync(userName, ct).ConfigureAwait(false);
        if (result.Error is null)
        {
            Log.AccessKeyCreated(logger, result.Value.Key.AccessKeyId, userName ?? context.Principal.Arn);
        }

        return Done(result, created =>
        {
            var key = IamOutput.KeyMetadata(created.Key);
            key["UserName"] = created.Key.UserName ?? context.Principal.AccountId;
            key["SecretAccessKey"] = created.Secret;
            return new JsonObject { ["AccessKey"] = key };
        });
    }
}
