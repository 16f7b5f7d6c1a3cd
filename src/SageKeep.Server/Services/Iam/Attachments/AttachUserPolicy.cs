using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:AttachUserPolicy</c>.</summary>
internal sealed class AttachUserPolicy(IamStore store) : AttachPolicy(store, IamEntityKind.User);
