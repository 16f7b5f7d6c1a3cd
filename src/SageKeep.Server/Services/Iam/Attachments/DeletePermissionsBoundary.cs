using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary>Delete{User,Role}PermissionsBoundary.</summary>
internal abstract class DeletePermissionsBoundary(IamStore store, IamEntityKind kind) : EntityOperation(store, kind)
{
    public override async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct) =>
        Done(await Store.SetPermissionsBoundaryAsync(Kind, Entity(context), null, ct).ConfigureAwait(false));
}
