using System.Runtime.Versioning;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// EnableNetworkIsolation with VpcConfig: the container keeps only <c>lo</c>, and <see cref="VpcDataAgent"/> moves
/// the job's data: the channels before the container starts (its agent ENI made then) and the model at the end
/// (through the same ENI). The ENI is owned by the job's ARN, so it goes with the job's other interfaces when
/// the job ends (also failed or stopped) and at start when the job ended while the server was away.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService
{
    /// <summary>S3 through the job's VPC gateway endpoint from its agent ENI, or null for a job without one.</summary>
    private async Task<GatewayObjectStore?> OpenDataAgentAsync(string name, bool create, CancellationToken ct)
    {
        var agent = await dataAgent.OpenAsync(name, create, ct).ConfigureAwait(false);
        if (agent is not null)
        {
            Log.DataThroughGateway(logger, name, create ? "input" : "model");
        }

        return agent;
    }
}
