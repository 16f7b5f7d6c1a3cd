using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:TagUser</c>.</summary>
internal sealed class TagUser(IamStore store) : TagEntity(store, IamEntityKind.User);
