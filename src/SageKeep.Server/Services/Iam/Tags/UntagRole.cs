using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:UntagRole</c>.</summary>
internal sealed class UntagRole(IamStore store) : UntagEntity(store, IamEntityKind.Role);
