using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary>What the user, group and role forms of an inline-policy action share: the entity they act on.</summary>
internal abstract class InlinePolicyOperation(IamStore store, IamEntityKind kind) : IamOperation(store)
{
    protected IamEntityKind Kind { get; } = kind;

    /// <summary>UserName, GroupName or RoleName.</summary>
    protected string EntityMember => $"{Kind}Name";

    protected string Entity(OperationContext context) => Required(context, EntityMember);

    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(Kind, Entity(context), ct);
}
