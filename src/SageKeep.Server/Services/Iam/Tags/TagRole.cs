using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:TagRole</c>.</summary>
internal sealed class TagRole(IamStore store) : TagEntity(store, IamEntityKind.Role);
