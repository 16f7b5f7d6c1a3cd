using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:DetachUserPolicy</c>.</summary>
internal sealed class DetachUserPolicy(IamStore store) : DetachPolicy(store, IamEntityKind.User);
