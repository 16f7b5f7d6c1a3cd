using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.SageMaker.Tags;

/// <summary>Registers the SageMaker tag operations, the tag store, the start-time import and the tags IAM reads.</summary>
internal static class TagServiceCollectionExtensions
{
    public static IServiceCollection AddSageMakerTagOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<SageMakerTagStore>();
        services.TryAddSingleton<TaggedResource>();
        services.TryAddSingleton<IResourceTagSource, SageMakerTagSource>();
        services.AddHostedService<SageMakerTagImport>();
        return services
            .AddOperation<AddTags>()
            .AddOperation<ListTags>()
            .AddOperation<DeleteTags>();
    }
}
