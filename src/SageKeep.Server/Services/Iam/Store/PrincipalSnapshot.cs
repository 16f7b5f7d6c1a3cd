using SageKeep.Security.Iam.Caching;

namespace SageKeep.Server.Services.Iam.Store;

/// <summary>
/// A user's, group's or role's effective policy documents at one moment: its identity policies (for a user
/// also its groups'), its permissions boundary, its tags (<c>aws:PrincipalTag</c>) and where each policy came from.
/// </summary>
internal sealed record PrincipalSnapshot(
    IamEntityKind Kind,
    string EntityId,
    string Name,
    string Arn,
    IReadOnlyList<IamTag> Tags,
    PrincipalPolicyDocuments Documents,
    IReadOnlyList<PolicySourceInfo> Sources);
