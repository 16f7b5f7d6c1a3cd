using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:PutUserPermissionsBoundary</c>.</summary>
internal sealed class PutUserPermissionsBoundary(IamStore store) : PutPermissionsBoundary(store, IamEntityKind.User);
