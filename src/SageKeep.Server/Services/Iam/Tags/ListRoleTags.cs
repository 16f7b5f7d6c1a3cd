using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:ListRoleTags</c>.</summary>
internal sealed class ListRoleTags(IamStore store) : ListEntityTags(store, IamEntityKind.Role);
