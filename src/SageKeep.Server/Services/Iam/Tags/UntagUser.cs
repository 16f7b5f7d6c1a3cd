using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:UntagUser</c>.</summary>
internal sealed class UntagUser(IamStore store) : UntagEntity(store, IamEntityKind.User);
