using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Core;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;
using SageKeep.Server.Credentials;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Auth;

/// <summary>Registers SigV4 authentication over the state store's access keys.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddSigV4Authentication(this IServiceCollection services)
    {
        services.TryAddSingleton<AccessKeyStore>();
        services.TryAddSingleton<ICredentialSource>(sp => sp.GetRequiredService<AccessKeyStore>());
        services.TryAddSingleton(sp => new SigV4Verifier(
            new SigV4Options { Region = sp.GetRequiredService<AwsAccount>().Region },
            sp.GetRequiredService<ICredentialSource>(),
            sp.GetService<ISessionTokenValidator>(),
            sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IRequestAuthenticator, SigV4RequestAuthenticator>());
        return services;
    }
}
