using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:DeleteRolePolicy</c>.</summary>
internal sealed class DeleteRolePolicy(IamStore store) : DeleteInlinePolicy(store, IamEntityKind.Role);
