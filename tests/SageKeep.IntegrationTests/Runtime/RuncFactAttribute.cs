namespace SageKeep.IntegrationTests.Runtime;

/// <summary>
/// A fact that needs real containers: root (namespaces, cgroups, nftables), runc, ip, nft and a static busybox
/// for the test image. Skipped with the reason otherwise (CI runs as root with all of them installed).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RuncFactAttribute : FactAttribute
{
    public RuncFactAttribute()
    {
        if (RuntimeHost.MissingRequirement() is { } missing)
        {
            Skip = missing;
        }
    }
}
