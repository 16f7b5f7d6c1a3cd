using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>Registers the inference operations (models, endpoint configurations, endpoints, tags, InvokeEndpoint) and the endpoint service.</summary>
[SupportedOSPlatform("linux")]
internal static class InferenceServiceCollectionExtensions
{
    public static IServiceCollection AddInferenceOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<InferenceStore>();
        return services
            .AddOperation<CreateModel>()
            .AddOperation<DescribeModel>()
            .AddOperation<ListModels>()
            .AddOperation<DeleteModel>()
            .AddOperation<CreateEndpointConfig>()
            .AddOperation<DescribeEndpointConfig>()
            .AddOperation<ListEndpointConfigs>()
            .AddOperation<DeleteEndpointConfig>()
            .AddOperation<AddTags>()
            .AddOperation<ListTags>()
            .AddOperation<DeleteTags>();
    }
}
