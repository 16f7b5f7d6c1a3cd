using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Configuration;
using SageKeep.Server.Storage;

namespace SageKeep.Server.Audit;

/// <summary>Registers the audit trail: JSON lines under <c>&lt;data&gt;/audit</c>, indexed in the state store.</summary>
public static class AuditServiceCollectionExtensions
{
    public static string DirectoryFor(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Path.Combine(settings.DataDirectory, "audit");
    }

    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAuditTrail>(sp => new JsonLinesAuditTrail(
            DirectoryFor(sp.GetRequiredService<ServerSettings>()),
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<ILogger<JsonLinesAuditTrail>>()));
        return services;
    }
}
