using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>What the user, group and role forms of an attachment or boundary action share: the entity they act on.</summary>
internal abstract class EntityOperation(IamStore store, IamEntityKind kind) : IamOperation(store)
{
    protected IamEntityKind Kind { get; } = kind;

    protected string Entity(OperationContext context) => Required(context, $"{Kind}Name");

    protected override ValueTask<string> ResourceAsync(OperationContext context, CancellationToken ct) =>
        EntityArnAsync(Kind, Entity(context), ct);
}
