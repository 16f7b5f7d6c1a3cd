using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Users;

/// <summary><c>iam:ListUsers</c>: users by name, optionally under a path prefix, one page at a time.</summary>
internal sealed class ListUsers(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult($"arn:aws:iam::{Store.AccountId}:user{Optional(context, "PathPrefix") ?? "/"}");

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var users = await Store.ListUsersAsync(Optional(context, "PathPrefix"), ct).ConfigureAwait(false);
        var output = new System.Text.Json.Nodes.JsonObject();
        return IamPaging.TryPage(context, users, u => IamOutput.User(u), output, "Users") ? OperationResult.Ok(output) : BadMarker(context);
    }
}
