using System.Runtime.Versioning;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// VpcConfig: the training container's ENI (a platform interface in one of the job's subnets with its groups),
/// owned by the job's ARN, made before the container starts and removed when the job reaches a final state.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TrainingJobService
{
    private string OwnerPrefix => $"arn:aws:sagemaker:{account.Region}:{account.AccountId}:training-job/";

    private string JobArn(string name) => CreateTrainingJob.Arn(account, name);

    /// <summary>
    /// The namespace the container joins, or null when the job has no VpcConfig. With EnableNetworkIsolation the
    /// container gets no ENI and stays in its own empty namespace: that job's data-transfer interface is the
    /// agent's (TrainingJobService.Agent.cs).
    /// </summary>
    private async Task<string?> PrepareVpcAsync(TrainingJobLaunch launch, CancellationToken ct)
    {
        if (launch.VpcSubnets is not { Count: > 0 } subnets || launch.EnableNetworkIsolation)
        {
            return null;
        }

        var description = $"[DO NOT DELETE] ENI managed by SageMaker for training job {launch.Name} (algo-1)";
        var (made, error) = await interfaces.CreateAsync(launch.Arn, [description], subnets, launch.VpcSecurityGroupIds ?? [], ct).ConfigureAwait(false);
        return error is not null
            ? throw new InvalidDataException("VpcConfig: the training container's network interface could not be created: " + error)
            : made[0].NamespacePath;
    }

    /// <summary>Removes a finished job's ENIs; a failure is logged (the start-time pass removes what is left).</summary>
    private async Task RemoveInterfacesAsync(string name)
    {
        try
        {
            await interfaces.RemoveAsync(JobArn(name), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.InterfacesNotRemoved(logger, ex, name);
        }
    }

    private async Task RemoveStaleInterfacesAsync(IReadOnlySet<string> live, CancellationToken ct)
    {
        try
        {
            await interfaces.RemoveStaleAsync(OwnerPrefix, live, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.InterfacesNotRemoved(logger, ex, "(ended while the server was stopped)");
        }
    }
}
