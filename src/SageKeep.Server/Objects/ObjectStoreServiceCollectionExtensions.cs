using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Configuration;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Objects;

/// <summary>
/// Registers the embedded object store (always: the S3 API serves from it), its start-time orphan collection,
/// and the platform's <see cref="IObjectStore"/>: the external endpoint when one is configured, else the embedded store.
/// </summary>
internal static class ObjectStoreServiceCollectionExtensions
{
    public static IServiceCollection AddObjectStore(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new EmbeddedObjectStore(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ServerSettings>().ObjectsDirectory,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<OrphanCollector>();
        services.TryAddSingleton<IObjectStore>(sp =>
        {
            var settings = sp.GetRequiredService<ServerSettings>();
            if (settings.ObjectStoreEndpoint is not { } endpoint)
            {
                return sp.GetRequiredService<EmbeddedObjectStore>();
            }

            Log.ExternalStore(sp.GetRequiredService<ILoggerFactory>().CreateLogger("SageKeep.Server.Objects"), endpoint);
            return new ExternalObjectStore(new ExternalObjectStoreOptions(endpoint, settings.ObjectStoreAccessKeyId ?? string.Empty, settings.ObjectStoreSecretAccessKey ?? string.Empty, settings.Region)
            {
                CaCertificatePath = settings.ObjectStoreCaBundle,
            });
        });
        return services;
    }
}
