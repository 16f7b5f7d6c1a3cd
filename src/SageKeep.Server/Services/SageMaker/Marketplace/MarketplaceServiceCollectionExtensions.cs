using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Services.SageMaker.Tags;

namespace SageKeep.Server.Services.SageMaker.Marketplace;

/// <summary>Registers the marketplace operations, the validator that follows image scans and the model package lookup.</summary>
internal static class MarketplaceServiceCollectionExtensions
{
    public static IServiceCollection AddMarketplaceOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<MarketplaceStore>();
        services.AddSingleton<ITaggableResources>(sp => sp.GetRequiredService<MarketplaceStore>());
        services.TryAddSingleton<AlgorithmValidator>();
        services.TryAddSingleton<ScanVerdictFreshness>();
        services.TryAddSingleton<IModelPackageCatalog, ModelPackageCatalog>();
        services.AddSingleton<IScanCompletedListener>(sp => sp.GetRequiredService<AlgorithmValidator>());
        return services
            .AddOperation<CreateAlgorithm>()
            .AddOperation<DescribeAlgorithm>()
            .AddOperation<ListAlgorithms>()
            .AddOperation<DeleteAlgorithm>()
            .AddOperation<CreateModelPackageGroup>()
            .AddOperation<DescribeModelPackageGroup>()
            .AddOperation<ListModelPackageGroups>()
            .AddOperation<DeleteModelPackageGroup>()
            .AddOperation<CreateModelPackage>()
            .AddOperation<DescribeModelPackage>()
            .AddOperation<ListModelPackages>()
            .AddOperation<UpdateModelPackage>()
            .AddOperation<DeleteModelPackage>();
    }
}
