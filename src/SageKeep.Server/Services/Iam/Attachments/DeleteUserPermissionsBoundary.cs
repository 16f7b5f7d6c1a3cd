using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:DeleteUserPermissionsBoundary</c>.</summary>
internal sealed class DeleteUserPermissionsBoundary(IamStore store) : DeletePermissionsBoundary(store, IamEntityKind.User);
