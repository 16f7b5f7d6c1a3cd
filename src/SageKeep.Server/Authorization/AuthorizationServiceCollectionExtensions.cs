using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SageKeep.Core;
using SageKeep.Server.Configuration;

namespace SageKeep.Server.Authorization;

/// <summary>Registers IAM authorisation: the authorizer and, unless IAM registered its own, the root-only policy store.</summary>
public static class AuthorizationServiceCollectionExtensions
{
    public static IServiceCollection AddIamAuthorization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The account and clock normally come from hosting (settings); these fallbacks serve hosts built in tests.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetService<ServerSettings>() is { } settings
            ? new AwsAccount(settings.AccountId, settings.Region)
            : new AwsAccount(ServerSettings.DefaultAccountId, ServerSettings.DefaultRegion));
        services.TryAddSingleton<IPrincipalPolicyStore, RootOnlyPrincipalPolicyStore>();
        services.TryAddSingleton<IManagedPolicySource, NoManagedPolicies>();
        services.TryAddSingleton<SessionPolicyCompiler>();
        services.TryAddSingleton<IAuthorizer, PolicyAuthorizer>();
        return services;
    }
}
