using SageKeep.Security.Iam.Model;

namespace SageKeep.Server.Authorization;

/// <summary>
/// The resource-based policy of a resource (an ECR repository policy) when the operation did not supply one
/// itself (<see cref="AccessRequest.ResourcePolicy"/>). Null when the resource has none or the ARN is not one
/// this source knows.
/// </summary>
internal interface IResourcePolicySource
{
    ValueTask<CompiledPolicy?> GetAsync(string resourceArn, CancellationToken ct);
}
