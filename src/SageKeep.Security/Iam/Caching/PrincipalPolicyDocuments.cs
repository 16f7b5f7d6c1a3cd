namespace SageKeep.Security.Iam.Caching;

/// <summary>The documents that apply to a principal: identity policies (own and groups', or the role's) and its boundary.</summary>
public sealed record PrincipalPolicyDocuments(IReadOnlyList<PolicyDocument> IdentityPolicies, PolicyDocument? PermissionsBoundary);
