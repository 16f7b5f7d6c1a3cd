using Microsoft.Extensions.DependencyInjection;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Services.Sts;

/// <summary>Registers the STS operations this server answers.</summary>
internal static class StsServiceCollectionExtensions
{
    public static IServiceCollection AddStsOperations(this IServiceCollection services) =>
        services
            .AddOperation<GetCallerIdentity>()
            .AddOperation<GetSessionToken>()
            .AddOperation<DecodeAuthorizationMessage>();
}
