using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:AttachGroupPolicy</c>.</summary>
internal sealed class AttachGroupPolicy(IamStore store) : AttachPolicy(store, IamEntityKind.Group);
