using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:PutGroupPolicy</c>.</summary>
internal sealed class PutGroupPolicy(IamStore store) : PutInlinePolicy(store, IamEntityKind.Group);
