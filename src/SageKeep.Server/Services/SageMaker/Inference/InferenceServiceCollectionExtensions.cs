using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;
using SageKeep.Server.Services.SageMaker.Tags;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>Registers the inference operations (models, endpoint configurations, endpoints, InvokeEndpoint) and the endpoint service.</summary>
[SupportedOSPlatform("linux")]
internal static class InferenceServiceCollectionExtensions
{
    public static IServiceCollection AddInferenceOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<InferenceStore>();
        services.AddSingleton<ITaggableResources>(sp => sp.GetRequiredService<InferenceStore>());
        services.TryAddSingleton<TrainingJobStore>();
        services.TryAddSingleton<VpcDataAgent>();
        services.TryAddSingleton<EndpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointService>());
        return services
            .AddOperation<CreateModel>()
            .AddOperation<DescribeModel>()
            .AddOperation<ListModels>()
            .AddOperation<DeleteModel>()
            .AddOperation<CreateEndpointConfig>()
            .AddOperation<DescribeEndpointConfig>()
            .AddOperation<ListEndpointConfigs>()
            .AddOperation<DeleteEndpointConfig>()
            .AddOperation<CreateEndpoint>()
            .AddOperation<DescribeEndpoint>()
            .AddOperation<ListEndpoints>()
            .AddOperation<DeleteEndpoint>()
            .AddOperation<UpdateEndpoint>()
            .AddOperation<UpdateEndpointWeightsAndCapacities>()
            .AddOperation<InvokeEndpoint>();
    }
}
