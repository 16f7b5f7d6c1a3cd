using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam.InlinePolicies;

/// <summary><c>iam:GetRolePolicy</c>.</summary>
internal sealed class GetRolePolicy(IamStore store) : GetInlinePolicy(store, IamEntityKind.Role);
