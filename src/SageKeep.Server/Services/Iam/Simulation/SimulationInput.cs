using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Services.Iam.Simulation;

/// <summary>
/// One simulation: the simulated caller, its identity policies and boundary, an optional resource policy,
/// where each policy came from (PolicyId -> SourcePolicyId and SourcePolicyType as IAM reports them) and each
/// policy's document text (PolicyId -> JSON, for the statements' StartPosition and EndPosition).
/// </summary>
internal sealed record SimulationInput(
    IamPrincipal Principal,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary,
    CompiledPolicy? ResourcePolicy,
    IReadOnlyDictionary<string, (string Id, string Type)> Sources,
    IReadOnlyDictionary<string, string> Texts);
