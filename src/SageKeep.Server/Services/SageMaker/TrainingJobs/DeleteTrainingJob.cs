using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>
/// <c>sagemaker:DeleteTrainingJob</c>: only a job in a final state (Completed, Failed, Stopped) is deleted, in one
/// transaction with that check; its name can then be reused. Its log stream and model artifacts stay, as in AWS
/// (they belong to CloudWatch Logs and S3).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DeleteTrainingJob(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DeleteTrainingJob";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DeleteTrainingJob", CreateTrainingJob.Arn(account, InputValues.GetString(context.Input["TrainingJobName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["TrainingJobName"])!;
        var (status, deleted) = await store.DeleteFinishedAsync(name, ct).ConfigureAwait(false);
        if (status is null)
        {
            return OperationResult.Fail(AwsError.Sender("ResourceNotFound", $"Training job {CreateTrainingJob.Arn(account, name)} does not exist."));
        }

        return deleted
            ? OperationResult.Ok()
            : OperationResult.Fail(AwsError.Sender("ResourceInUse", $"Training job {name} is {status}: only a job that is Completed, Failed or Stopped can be deleted."));
    }
}
