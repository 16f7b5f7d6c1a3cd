using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Users;

/// <summary><c>iam:CreateUser</c>: a new user with an optional path, permissions boundary and tags.</summary>
internal sealed class CreateUser(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(IamNames.UserArn(Store.AccountId, Optional(context, "Path") ?? "/", Required(context, "UserName")));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var tags = Tags(context);
        var result = await Store.CreateUserAsync(Required(context, "UserName"), Optional(context, "Path") ?? "/", Optional(context, "PermissionsBoundary"), tags, ct).ConfigureAwait(false);
        return Done(result, user => new() { ["User"] = IamOutput.User(user, tags) });
    }
}
