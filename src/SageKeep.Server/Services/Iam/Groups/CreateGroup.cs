using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Groups;

/// <summary><c>iam:CreateGroup</c>.</summary>
internal sealed class CreateGroup(IamStore store) : IamOperation(store)
{
    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(IamNames.GroupArn(Store.AccountId, Optional(context, "Path") ?? "/", Required(context, "GroupName")));

    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(
            await Store.CreateGroupAsync(Required(context, "GroupName"), Optional(context, "Path") ?? "/", ct).ConfigureAwait(false),
            group => new() { ["Group"] = IamOutput.Group(group) });
}
