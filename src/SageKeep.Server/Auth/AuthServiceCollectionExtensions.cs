using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Core;
using SageKeep.Security.Credentials;
using SageKeep.Security.SigV4;
using SageKeep.Security.Sts;
using SageKeep.Server.Credentials;
using SageKeep.Server.Protocols;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Auth;

/// <summary>Registers SigV4 authentication over the state store's access keys and STS session tokens.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddSigV4Authentication(this IServiceCollection services)
    {
        services.TryAddSingleton<AccessKeyStore>();
        services.TryAddSingleton<ICredentialSource>(sp => sp.GetRequiredService<AccessKeyStore>());

        // STS session tokens are self-contained, sealed under a key derived from the master key.
        services.TryAddSingleton(sp => new SessionTokenCodec(sp.GetRequiredService<MasterKey>().Key));
        services.TryAddSingleton<ISessionTokenValidator, StsSessionTokenValidator>();
        services.TryAddSingleton(sp => new AuthorizationMessageCodec(sp.GetRequiredService<MasterKey>().Key));
        services.TryAddSingleton(sp => new SigV4Verifier(
            new SigV4Options { Region = sp.GetRequiredService<AwsAccount>().Region },
            sp.GetRequiredService<ICredentialSource>(),
            sp.GetService<ISessionTokenValidator>(),
            sp.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IRequestAuthenticator, SigV4RequestAuthenticator>());
        return services;
    }
}
