using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:ListAttachedRolePolicies</c>.</summary>
internal sealed class ListAttachedRolePolicies(IamStore store) : ListAttachedPolicies(store, IamEntityKind.Role);
