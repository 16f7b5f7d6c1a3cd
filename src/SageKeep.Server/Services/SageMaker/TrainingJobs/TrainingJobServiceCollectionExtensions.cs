using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.Logs;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.TrainingJobs;

/// <summary>Registers the training job operations, the CloudWatch Logs subset over their output, and the service that runs them.</summary>
[SupportedOSPlatform("linux")]
internal static class TrainingJobServiceCollectionExtensions
{
    public static IServiceCollection AddTrainingJobOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<TrainingJobStore>();
        services.AddSingleton<ITaggableResources>(sp => sp.GetRequiredService<TrainingJobStore>());
        services.TryAddSingleton<TrainingJobService>();
        services.TryAddSingleton<VpcDataAgent>();
        services.TryAddSingleton<AlgorithmTrainingImages>();
        services.AddHostedService(sp => sp.GetRequiredService<TrainingJobService>());
        return services
            .AddOperation<CreateTrainingJob>()
            .AddOperation<DescribeTrainingJob>()
            .AddOperation<ListTrainingJobs>()
            .AddOperation<StopTrainingJob>()
            .AddOperation<DeleteTrainingJob>()
            .AddOperation<GetLogEvents>()
            .AddOperation<FilterLogEvents>()
            .AddOperation<DescribeLogStreams>();
    }
}
