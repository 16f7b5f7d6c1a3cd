using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:GetUserPolicy</c>.</summary>
internal sealed class GetUserPolicy(IamStore store) : GetInlinePolicy(store, IamEntityKind.User);
