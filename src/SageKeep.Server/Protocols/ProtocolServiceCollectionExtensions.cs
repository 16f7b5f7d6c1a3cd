using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Authorization;
using SageKeep.Server.Hosting;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

/// <summary>Registers the AWS protocol layer and operation handlers.</summary>
public static class ProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsApiEndpoint"/> as the <see cref="IApiEndpoint"/>, the model catalog, the
    /// handler registry and, unless one is registered already, the authenticator that refuses every key.
    /// </summary>
    public static IServiceCollection AddAwsProtocols(this IServiceCollection services, Action<AwsProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AwsProtocolOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(ServiceModelCatalog.Shared);
        services.TryAddSingleton<OperationHandlerRegistry>();
        services.TryAddSingleton<IRequestAuthenticator, RefusingRequestAuthenticator>();
        services.AddIamAuthorization();
        services.RemoveAll<IApiEndpoint>();
        services.AddSingleton<IApiEndpoint, AwsApiEndpoint>();
        return services;
    }

    /// <summary>Registers one operation handler (a singleton).</summary>
    internal static IServiceCollection AddOperation<THandler>(this IServiceCollection services)
        where THandler : class, IOperationHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationHandler, THandler>());
        return services;
    }
}
