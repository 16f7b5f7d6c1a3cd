using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:ListGroupPolicies</c>.</summary>
internal sealed class ListGroupPolicies(IamStore store) : ListInlinePolicies(store, IamEntityKind.Group);
