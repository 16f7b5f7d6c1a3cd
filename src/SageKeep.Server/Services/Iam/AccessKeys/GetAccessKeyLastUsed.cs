using System.Text.Json.Nodes;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.AccessKeys;

/// <summary>
/// <c>iam:GetAccessKeyLastUsed</c>: when, with which service and in which region the key was last used
/// (recorded at most once a minute per key); "N/A" before its first use, as IAM answers.
/// </summary>
internal sealed class GetAccessKeyLastUsed(IamStore store) : IamOperation(store)
{
    protected override async ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct)
    {
        var use = await Store.GetAccessKeyLastUsedAsync(Required(context, "AccessKeyId"), ct).ConfigureAwait(false);
        return use.Value?.UserName is { } owner ? await EntityArnAsync(IamEntityKind.User, owner, ct).ConfigureAwait(false) : "*";
    }

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(
            await Store.GetAccessKeyLastUsedAsync(Required(context, "AccessKeyId"), ct).ConfigureAwait(false),
            use =>
            {
                var lastUsed = new JsonObject { ["ServiceName"] = use.ServiceName ?? "N/A", ["Region"] = use.Region ?? "N/A" };
                if (use.LastUsedDate is { } date)
                {
                    lastUsed["LastUsedDate"] = JsonValue.Create(date);
                }

                var output = new JsonObject { ["AccessKeyLastUsed"] = lastUsed };
                if (use.UserName is not null)
                {
                    output["UserName"] = use.UserName;
                }

                return output;
            });
}
