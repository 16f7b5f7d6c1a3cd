using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Runc;
using SageKeep.Runtime.Vpc;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.Ec2.SecurityGroups;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Network;

/// <summary>
/// Keeps the host's VPC namespaces, bridges, veth pairs and nftables rules equal to the store: after every
/// change the API makes (before the call answers), after <c>sagekeep admin attach-namespace</c>, and at start
/// (the rebuild after a restart or reboot). Namespaces of this installation that the store no longer has are
/// removed. Without Linux and root the API still answers and nothing is realised (logged once).
/// </summary>
internal sealed partial class VpcNetwork : IHostedService, IDisposable
{
    private readonly Ec2Store _store;
    private readonly ILogger _logger;
    private readonly VpcHost? _host;

    public VpcNetwork(Ec2Store store, ServerSettings settings, ILogger<VpcNetwork> logger)
        : this(store, settings.DataDirectory, logger)
    {
    }

    public VpcNetwork(Ec2Store store, string dataDirectory, ILogger logger)
    {
        _store = store;
        _logger = logger;
        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            var root = Path.Combine(dataDirectory, "vpc");
            _host = new VpcHost(new VpcNames(TagOf(dataDirectory)), Path.Combine(root, "network.lock"), Path.Combine(root, "tmp"), logger);
        }
    }

    /// <summary>Names of this installation's host objects; null when networks are not realised here.</summary>
    public VpcNames? Names => OperatingSystem.IsLinux() ? _host?.Names : null;

    /// <summary>Called after an endpoint interface set may have changed (the server's listeners follow).</summary>
    public Func<Ec2State, CancellationToken, Task>? AfterChange { get; set; }

    /// <summary>The per-installation tag in host names: two servers on one host never touch each other's namespaces.</summary>
    public static string TagOf(string dataDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)))))[..6];

    /// <summary>Brings the given VPCs (and the removal of orphans) to the stored state.</summary>
    public async Task FollowAsync(IReadOnlyCollection<string> vpcIds, CancellationToken ct)
    {
        if (_host is null || vpcIds.Count == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        Ec2State state;
        using (await _host.LockAsync(ct).ConfigureAwait(false))
        {
            state = await _store.ReadAsync(ct).ConfigureAwait(false);
            foreach (var vpcId in vpcIds.Distinct(StringComparer.Ordinal))
            {
                if (state.Find("vpc", vpcId) is not null)
                {
                    await ApplyAsync(state, vpcId, ct).ConfigureAwait(false);
                }
            }

            await RemoveOrphansAsync(state, ct).ConfigureAwait(false);
        }

        if (AfterChange is { } after)
        {
            await after(state, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Every VPC of the store: the rebuild at start.</summary>
    public async Task FollowAllAsync(CancellationToken ct)
    {
        var state = await _store.ReadAsync(ct).ConfigureAwait(false);
        var vpcs = state.All("vpc").Select(v => Ec2Doc.Text(v, "VpcId")!).ToList();
        if (vpcs.Count == 0 && _host is not null && OperatingSystem.IsLinux())
        {
            using (await _host.LockAsync(ct).ConfigureAwait(false))
            {
                await RemoveOrphansAsync(state, ct).ConfigureAwait(false);
            }

            if (AfterChange is { } after)
            {
                await after(state, ct).ConfigureAwait(false);
            }

            return;
        }

        await FollowAsync(vpcs, ct).ConfigureAwait(false);
    }

    /// <summary>The path of the namespace an interface's far end lives in (what a container joins), or null.</summary>
    public string? NamespacePathOf(string eniId) => _host is null || !OperatingSystem.IsLinux() ? null : VpcHost.NamespacePath(_host.Names.EniNamespace(eniId));

    /// <summary>The path of a VPC's own namespace (where its bridge and gateway address live), or null.</summary>
    public string? VpcNamespacePathOf(string vpcId) => _host is null || !OperatingSystem.IsLinux() ? null : VpcHost.NamespacePath(_host.Names.VpcNamespace(vpcId));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_host is null)
        {
            LogUnavailable(_logger);
            return;
        }

        try
        {
            await FollowAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RuntimeCommandException e)
        {
            LogRebuildFailed(_logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        if (OperatingSystem.IsLinux())
        {
            _host?.Dispose();
        }
    }

    [SupportedOSPlatform("linux")]
    public static VpcSpec SpecOf(Ec2State state, string vpcId)
    {
        var cidr = Cidr.Of(Ec2Doc.Text(state.Find("vpc", vpcId), "CidrBlock"));
        var interfaces = state.InVpc("eni", vpcId)
            .Select(e => new EniSpec(Ec2Doc.Text(e, "NetworkInterfaceId")!, Ec2Doc.Text(e, "PrivateIpAddress")!, NetworkInterfaceDocuments.GroupIds(e), Ec2Doc.Text(e, NetworkInterfaceDocuments.NamespaceMember)))
            .ToList();
        var groups = state.InVpc("sg", vpcId)
            .Select(g =>
            {
                var rules = SecurityGroupRules.Of(g);
                return new GroupSpec(Ec2Doc.Text(g, "GroupId")!, [.. rules.Where(r => !r.Egress).Select(Rule)], [.. rules.Where(r => r.Egress).Select(Rule)]);
            })
            .ToList();
        return new VpcSpec(vpcId, cidr.PrefixLength, interfaces, groups) { GatewayAddress = GatewayEndpoints.AddressOf(state, vpcId) };

        static RuleSpec Rule(SecurityGroupRule r) => new(r.Protocol, r.FromPort, r.ToPort, r.Cidr, r.GroupId);
    }

    [SupportedOSPlatform("linux")]
    private async Task ApplyAsync(Ec2State state, string vpcId, CancellationToken ct)
    {
        var missing = await _host!.ApplyAsync(SpecOf(state, vpcId), ct).ConfigureAwait(false);
        foreach (var eni in missing)
        {
            LogNamespaceMissing(_logger, eni, Ec2Doc.Text(state.Find("eni", eni), NetworkInterfaceDocuments.NamespaceMember) ?? string.Empty);
        }
    }

    [SupportedOSPlatform("linux")]
    private Task RemoveOrphansAsync(Ec2State state, CancellationToken ct)
    {
        var vpcs = state.All("vpc").Select(v => Ec2Doc.Text(v, "VpcId")!).ToHashSet(StringComparer.Ordinal);
        var platform = state.All("eni").Where(e => Ec2Doc.Text(e, NetworkInterfaceDocuments.NamespaceMember) is null)
            .Select(e => Ec2Doc.Text(e, "NetworkInterfaceId")!).ToHashSet(StringComparer.Ordinal);
        return _host!.RemoveOrphansAsync(vpcs, platform, ct);
    }

    [LoggerMessage(EventId = 7400, Level = LogLevel.Warning, Message = "VPC networks are not realised on this host: they need Linux and a server running as root (network namespaces, nftables)")]
    private static partial void LogUnavailable(ILogger logger);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Error, Message = "Rebuilding VPC networks failed: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Network interface {EniId}: namespace '{Namespace}' no longer exists; its port is left out until it does")]
    private static partial void LogNamespaceMissing(ILogger logger, string eniId, string @namespace);
}
