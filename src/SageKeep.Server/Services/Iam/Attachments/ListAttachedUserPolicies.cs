using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.Attachments;

/// <summary><c>iam:ListAttachedUserPolicies</c>.</summary>
internal sealed class ListAttachedUserPolicies(IamStore store) : ListAttachedPolicies(store, IamEntityKind.User);
