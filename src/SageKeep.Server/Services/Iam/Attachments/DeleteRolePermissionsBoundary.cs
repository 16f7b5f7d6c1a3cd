using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:DeleteRolePermissionsBoundary</c>.</summary>
internal sealed class DeleteRolePermissionsBoundary(IamStore store) : DeletePermissionsBoundary(store, IamEntityKind.Role);
