using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Users;

/// <summary><c>iam:UpdateUser</c>: a new name and/or path; the user's keys follow (their ARN changes with it).</summary>
internal sealed class UpdateUser(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(IamEntityKind.User, Required(context, "UserName"), ct);

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.UpdateUserAsync(Required(context, "UserName"), Optional(context, "NewUserName"), Optional(context, "NewPath"), ct).ConfigureAwait(false));
}
