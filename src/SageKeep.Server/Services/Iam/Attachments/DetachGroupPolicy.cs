using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:DetachGroupPolicy</c>.</summary>
internal sealed class DetachGroupPolicy(IamStore store) : DetachPolicy(store, IamEntityKind.Group);
