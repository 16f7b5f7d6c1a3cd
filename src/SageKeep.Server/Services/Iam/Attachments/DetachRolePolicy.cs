using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:DetachRolePolicy</c>.</summary>
internal sealed class DetachRolePolicy(IamStore store) : DetachPolicy(store, IamEntityKind.Role);
