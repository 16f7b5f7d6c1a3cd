using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Configuration;
using SageKeep.Server.Registry.Auth;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry;

/// <summary>Registers the registry: blob store under the data directory, metadata store, token codec, the /v2/ endpoint and the scan queue.</summary>
internal static class RegistryServiceCollectionExtensions
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new BlobStore(Path.Combine(sp.GetRequiredService<ServerSettings>().DataDirectory, "registry")));
        services.TryAddSingleton(sp => new UploadSessions(sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ServerSettings>().RegistryUploadIdleTimeout));
        services.TryAddSingleton<RegistryStore>();
        services.TryAddSingleton<RegistryTokenCodec>();
        services.TryAddSingleton<Authorization.IResourcePolicySource, RepositoryPolicySource>();
        services.TryAddSingleton<ScanQueue>();
        services.TryAddSingleton<RegistryEndpoint>();
        services.TryAddSingleton<RegistryGarbageCollector>();
        services.TryAddSingleton<ImageExporter>();
        services.TryAddSingleton<Images.IRegistryImages, Images.RegistryImages>();
        services.TryAddSingleton<IRegistryImageScanner, VulnerabilityImageScanner>();
        services.TryAddSingleton<ScanWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ScanWorker>());
        services.AddHostedService<DatabaseWatcher>();
        return services;
    }
}
