using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:CreatePolicyVersion</c>: at most five versions; SetAsDefault makes it the one that applies.</summary>
internal sealed class CreatePolicyVersion(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(
            await Store.CreatePolicyVersionAsync(PolicyArn(context), Required(context, "PolicyDocument"), OptionalBool(context, "SetAsDefault"), ct).ConfigureAwait(false),
            version => new() { ["PolicyVersion"] = IamOutput.Version(version, withDocument: false) });
}
