using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Sts;

/// <summary>Registers the STS operations this server answers.</summary>
internal static class StsServiceCollectionExtensions
{
    public static IServiceCollection AddStsOperations(this IServiceCollection services) =>
        services
            .Replace(ServiceDescriptor.Singleton<IManagedPolicySource, IamManagedPolicySource>())
            .AddOperation<GetCallerIdentity>()
            .AddOperation<GetSessionToken>()
            .AddOperation<DecodeAuthorizationMessage>()
            .AddOperation<AssumeRole>()
            .AddOperation<GetAccessKeyInfo>();
}
