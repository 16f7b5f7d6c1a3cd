using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The policy of the interface VPC endpoint a request came through (aws:SourceVpce). It only restricts: a
/// request through the endpoint must also be allowed by it, as AWS evaluates endpoint policies. Null when the
/// endpoint no longer exists (nothing is allowed through it then).
/// </summary>
internal interface IEndpointPolicySource
{
    ValueTask<CompiledPolicy?> GetAsync(string vpceId, CancellationToken ct);
}
