using System.Text.Json.Nodes;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Users;

/// <summary><c>iam:GetUser</c>: the named user, or without a name the caller (the root user answers with the account's ARN).</summary>
internal sealed class GetUser(IamStore store) : IamOperation(store)
{
    protected override async ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        TryUserOrCaller(context, out var name) && name is not null ? await EntityArnAsync(IamEntityKind.User, name, ct).ConfigureAwait(false) : context.Principal.Arn;

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        if (!TryUserOrCaller(context, out var name))
        {
            return NotAUser(context);
        }

        if (name is null && PrincipalArns.IsRoot(context.Principal.Arn))
        {
            return OperationResult.Ok(new()
            {
                ["User"] = new JsonObject { ["UserId"] = context.Principal.AccountId, ["Arn"] = context.Principal.Arn, ["CreateDate"] = JsonValue.Create(DateTimeOffset.UnixEpoch) },
            });
        }

        var result = await Store.GetUserAsync(name!, ct).ConfigureAwait(false);
        return Done(result, found => new() { ["User"] = IamOutput.User(found.User, found.Tags) });
    }
}
