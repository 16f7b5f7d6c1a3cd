using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:GetGroupPolicy</c>.</summary>
internal sealed class GetGroupPolicy(IamStore store) : GetInlinePolicy(store, IamEntityKind.Group);
