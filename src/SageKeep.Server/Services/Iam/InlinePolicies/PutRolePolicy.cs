using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:PutRolePolicy</c>.</summary>
internal sealed class PutRolePolicy(IamStore store) : PutInlinePolicy(store, IamEntityKind.Role);
