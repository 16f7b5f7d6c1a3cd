using System.Runtime.Versioning;
using SageKeep.Core;
using SageKeep.Core.Errors;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary><c>sagemaker:DescribeTrainingJob</c>: the stored document (what the waiter polls), without the platform's own members.</summary>
[SupportedOSPlatform("linux")]
internal sealed class DescribeTrainingJob(TrainingJobStore store, AwsAccount account) : IOperationHandler
{
    public string Service => "sagemaker";

    public string Operation => "DescribeTrainingJob";

    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(AccessRequest.For("sagemaker:DescribeTrainingJob", CreateTrainingJob.Arn(account, InputValues.GetString(context.Input["TrainingJobName"]) ?? "*")));
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = InputValues.GetString(context.Input["TrainingJobName"])!;
        var document = await store.GetAsync(name, ct).ConfigureAwait(false);
        if (document is null)
        {
            return OperationResult.Fail(NotFound(account, name));
        }

        document.Remove(TrainingJobService.RunIdMember);
        document.Remove(TrainingJobService.LogStreamMember);
        document.Remove(TrainingJobService.MetricsMember);
        return OperationResult.Ok(document);
    }

    /// <summary>SageMaker answers an unknown training job with ValidationException "Requested resource not found."</summary>
    public static AwsError NotFound(AwsAccount account, string name) =>
        AwsError.Sender("ValidationException", $"Requested resource not found: training job {CreateTrainingJob.Arn(account, name)} does not exist.");
}
