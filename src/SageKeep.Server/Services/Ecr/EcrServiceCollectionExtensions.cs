using Microsoft.Extensions.DependencyInjection;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Ecr;

/// <summary>Registers the ECR operations this server answers (the registry itself is <c>Registry/</c>).</summary>
internal static class EcrServiceCollectionExtensions
{
    public static IServiceCollection AddEcrOperations(this IServiceCollection services) =>
        services
            .AddOperation<GetAuthorizationToken>()
            .AddOperation<CreateRepository>()
            .AddOperation<DescribeRepositories>()
            .AddOperation<DeleteRepository>()
            .AddOperation<ListImages>()
            .AddOperation<DescribeImages>()
            .AddOperation<BatchGetImage>()
            .AddOperation<BatchDeleteImage>()
            .AddOperation<PutImageScanningConfiguration>()
            .AddOperation<StartImageScan>()
            .AddOperation<DescribeImageScanFindings>()
            .AddOperation<SetRepositoryPolicy>()
            .AddOperation<GetRepositoryPolicy>()
            .AddOperation<DeleteRepositoryPolicy>();
}
