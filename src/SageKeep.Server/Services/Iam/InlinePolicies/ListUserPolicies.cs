using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:ListUserPolicies</c>.</summary>
internal sealed class ListUserPolicies(IamStore store) : ListInlinePolicies(store, IamEntityKind.User);
