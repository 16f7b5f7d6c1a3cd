using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Tags;

/// <summary><c>iam:ListUserTags</c>.</summary>
internal sealed class ListUserTags(IamStore store) : ListEntityTags(store, IamEntityKind.User);
