using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:DeleteGroupPolicy</c>.</summary>
internal sealed class DeleteGroupPolicy(IamStore store) : DeleteInlinePolicy(store, IamEntityKind.Group);
