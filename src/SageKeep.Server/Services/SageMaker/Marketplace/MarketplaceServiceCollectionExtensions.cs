using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry.Scanning;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>Registers the marketplace operations and the validator that follows image scans.</summary>
internal static class MarketplaceServiceCollectionExtensions
{
    public static IServiceCollection AddMarketplaceOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<MarketplaceStore>();
        services.TryAddSingleton<AlgorithmValidator>();
        services.AddSingleton<IScanCompletedListener>(sp => sp.GetRequiredService<AlgorithmValidator>());
        return services
            .AddOperation<CreateAlgorithm>()
            .AddOperation<DescribeAlgorithm>()
            .AddOperation<ListAlgorithms>()
            .AddOperation<DeleteAlgorithm>();
    }
}
