using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:PutUserPolicy</c>.</summary>
internal sealed class PutUserPolicy(IamStore store) : PutInlinePolicy(store, IamEntityKind.User);
