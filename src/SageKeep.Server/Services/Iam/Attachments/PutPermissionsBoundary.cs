using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>Put{User,Role}PermissionsBoundary: a managed policy that caps the entity's identity policies.</summary>
internal abstract class PutPermissionsBoundary(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.SetPermissionsBoundaryAsync(Kind, Entity(context), Required(context, "PermissionsBoundary"), ct).ConfigureAwait(false));
}
