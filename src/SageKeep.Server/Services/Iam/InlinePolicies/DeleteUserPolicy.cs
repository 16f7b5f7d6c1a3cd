using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:DeleteUserPolicy</c>.</summary>
internal sealed class DeleteUserPolicy(IamStore store) : DeleteInlinePolicy(store, IamEntityKind.User);
