using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:PutRolePermissionsBoundary</c>.</summary>
internal sealed class PutRolePermissionsBoundary(IamStore store) : PutPermissionsBoundary(store, IamEntityKind.Role);
