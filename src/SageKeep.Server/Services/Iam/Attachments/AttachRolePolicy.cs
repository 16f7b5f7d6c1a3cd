using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:AttachRolePolicy</c>.</summary>
internal sealed class AttachRolePolicy(IamStore store) : AttachPolicy(store, IamEntityKind.Role);
