using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:ListRolePolicies</c>.</summary>
internal sealed class ListRolePolicies(IamStore store) : ListInlinePolicies(store, IamEntityKind.Role);
