using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Runtime.Jobs;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary><c>sagemaker:StopTrainingJob</c>: Stopping at once, then SIGTERM (SIGKILL after the stop timeout); the job ends Stopped.</summary>
[SupportedOSPlatform("linux")]
internal sealed class StopTrainingJob(TrainingJobStore store, TrainingJobService service, AwsAccount account, TimeProvider time) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "StopTrainingJob";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:StopTrainingJob", CreateTrainingJob.Arn(account, InputValues.GetString(context.Input["TrainingJobName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["TrainingJobName"])!;
        var document = await store.GetAsync(name, ct).ConfigureAwait(false);
        if (document is null)
        {
            return OperationResult.Fail(DescribeTrainingJob.NotFound(account, name));
        }

        if (document["TrainingJobStatus"]?.GetValue<string>() != "InProgress")
        {
            return OperationResult.Fail(AwsError.Sender("ValidationException", $"The training job {name} is {document["TrainingJobStatus"]} and can no longer be stopped."));
        }

        var jobName = document["TrainingJobName"]!.GetValue<string>();
        await service.OnTransitionAsync(new TrainingJobTransition(jobName, string.Empty, TrainingJobState.Stopping, "Stopping the training job", time.GetUtcNow()), ct).ConfigureAwait(false);
        service.Stop(jobName);
        return OperationResult.Ok();
    }
}
