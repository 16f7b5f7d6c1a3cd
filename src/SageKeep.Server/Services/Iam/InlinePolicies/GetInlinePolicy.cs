using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary>Get{User,Group,Role}Policy: the document, URL-encoded as IAM returns it.</summary>
internal abstract class GetInlinePolicy(IamStore store, IamEntityKind kind) : InlinePolicyOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var policyName = Required(context, "PolicyName");
        return Done(
            await Store.GetInlinePolicyAsync(Kind, Entity(context), policyName, ct).ConfigureAwait(false),
            found => new()
            {
                [EntityMember] = found.EntityName,
                ["PolicyName"] = policyName,
                ["PolicyDocument"] = IamOutput.Encode(found.Document),
            });
    }
}
