using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Policies;

/// <summary><c>iam:GetPolicyVersion</c>: the version's document, URL-encoded as IAM returns it.</summary>
internal sealed class GetPolicyVersion(IamStore store) : PolicyArnOperation(store)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(
            await Store.GetPolicyVersionAsync(PolicyArn(context), Required(context, "VersionId"), ct).ConfigureAwait(false),
            version => new() { ["PolicyVersion"] = IamOutput.Version(version, withDocument: true) });
}
