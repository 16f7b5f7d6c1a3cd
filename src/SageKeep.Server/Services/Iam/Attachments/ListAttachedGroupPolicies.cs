using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:ListAttachedGroupPolicies</c>.</summary>
internal sealed class ListAttachedGroupPolicies(IamStore store) : ListAttachedPolicies(store, IamEntityKind.Group);
