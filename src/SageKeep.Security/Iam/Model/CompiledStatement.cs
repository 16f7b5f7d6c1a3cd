using SageKeep.Security.Iam.Conditions;

namespace SageKeep.Security.Iam.Model;

/// <summary>One statement with its elements compiled to matchers.</summary>
/// <remarks>Index: Zero-based position in the policy, identifying statements without a Sid.</remarks>
/// <remarks>Principal: Null for identity policies (no Principal/NotPrincipal element).</remarks>
/// <remarks>Resource: Null when the statement has no Resource element (trust policies): matches any resource.</remarks>
internal sealed record CompiledStatement(
    int Index,
    string? Sid,
    PolicyEffect Effect,
    PrincipalSet? Principal,
    ActionSet Action,
    ResourceSet? Resource,
    IReadOnlyList<CompiledCondition> Conditions);
