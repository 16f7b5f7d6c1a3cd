using System.Globalization;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Vpc;

/// <summary>
/// Makes the host match a <see cref="VpcSpec"/> with ip(8) and nft(8): the VPC namespace and its bridge,
/// one veth per ENI (far end addressed in its namespace), stale ports and platform ENI namespaces removed,
/// and the compiled firewall applied in one nft transaction. Idempotent, so the same call serves creation,
/// live rule changes and the rebuild after a restart. Callers in several processes (the server and
/// <c>sagekeep admin attach-namespace</c>) hold <see cref="LockAsync"/> (a lock file) from reading the desired
/// state to the last change, so one never removes what another has just created.
/// </summary>
public sealed class VpcHost(VpcNames names, string lockPath, string scratchDirectory, ILogger logger) : IDisposable
{
    private const string Ip = "ip";
    private const string NetnsDirectory = "/run/netns";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public VpcNames Names => names;

    /// <summary>Where a namespace made by <c>ip netns add</c> is bound (what runc's <c>namespaces[].path</c> takes).</summary>
    public static string NamespacePath(string name) => Path.Combine(NetnsDirectory, name);

    public static bool NamespaceExists(string name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('/', StringComparison.Ordinal) && File.Exists(NamespacePath(name));

    /// <summary>Brings the VPC to <paramref name="vpc"/>; returns the ENIs whose external namespace is missing.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(VpcSpec vpc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(vpc);
        var ns = names.VpcNamespace(vpc.VpcId);
        if (!NamespaceExists(ns))
        {
            await Run(["netns", "add", ns], ct).ConfigureAwait(false);
        }

        if (!(await HostCommand.RunAsync(Ip, ["-n", ns, "link", "show", VpcNames.Bridge], ct).ConfigureAwait(false)).Succeeded)
        {
            await Run(["-n", ns, "link", "add", VpcNames.Bridge, "type", "bridge"], ct).ConfigureAwait(false);
        }

        await Run(["-n", ns, "link", "set", "lo", "up"], ct).ConfigureAwait(false);
        await Run(["-n", ns, "link", "set", VpcNames.Bridge, "up"], ct).ConfigureAwait(false);
        await HostCommand.CheckedAsync(Ip, ["netns", "exec", ns, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1"], ct).ConfigureAwait(false);

        var missing = new List<string>();
        var present = new List<EniSpec>();
        var ports = await PortsAsync(ns, ct).ConfigureAwait(false);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var eni in vpc.Interfaces)
        {
            var port = VpcNames.BridgePort(eni.EniId);
            var target = eni.ExternalNamespace ?? names.EniNamespace(eni.EniId);
            if (eni.ExternalNamespace is not null && !NamespaceExists(target))
            {
                missing.Add(eni.EniId);
                continue;
            }

            wanted.Add(port);
            present.Add(eni);
            if (!ports.Contains(port))
            {
                await AddInterfaceAsync(ns, vpc.PrefixLength, eni, port, target, ct).ConfigureAwait(false);
            }
        }

        foreach (var stale in ports.Where(p => !wanted.Contains(p)))
        {
            await HostCommand.RunAsync(Ip, ["-n", ns, "link", "del", stale], ct).ConfigureAwait(false);
        }

        await ApplyGatewayAddressAsync(ns, vpc, ct).ConfigureAwait(false);
        await ApplyFirewallAsync(ns, vpc with { Interfaces = present }, ct).ConfigureAwait(false);
        Log.VpcApplied(logger, vpc.VpcId, present.Count);
        return missing;
    }

    /// <summary>Removes a VPC's namespace (its bridge, ports and tables go with it) and the given platform ENI namespaces.</summary>
    public async Task RemoveAsync(string vpcId, IEnumerable<string> platformEniIds, CancellationToken ct)
    {
        foreach (var eniId in platformEniIds)
        {
            await HostCommand.RunAsync(Ip, ["netns", "del", names.EniNamespace(eniId)], ct).ConfigureAwait(false);
        }

        await HostCommand.RunAsync(Ip, ["netns", "del", names.VpcNamespace(vpcId)], ct).ConfigureAwait(false);
    }

    /// <summary>Removes this installation's VPC and ENI namespaces that the store no longer has.</summary>
    public async Task RemoveOrphansAsync(IReadOnlySet<string> vpcIds, IReadOnlySet<string> platformEniIds, CancellationToken ct)
    {
        foreach (var name in ListNamespaces())
        {
            var orphan = (name.StartsWith(names.VpcNamespacePrefix, StringComparison.Ordinal) && !vpcIds.Contains(name[names.VpcNamespacePrefix.Length..]))
                || (name.StartsWith(names.EniNamespacePrefix, StringComparison.Ordinal) && !platformEniIds.Contains(name[names.EniNamespacePrefix.Length..]));
            if (orphan)
            {
                await HostCommand.RunAsync(Ip, ["netns", "del", name], ct).ConfigureAwait(false);
                Log.OrphanRemoved(logger, name);
            }
        }
    }

    /// <summary>Removes a platform ENI's namespace once its port is gone from the VPC.</summary>
    public async Task RemovePlatformNamespaceAsync(string eniId, CancellationToken ct)
    {
        await HostCommand.RunAsync(Ip, ["netns", "del", names.EniNamespace(eniId)], ct).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();

    private static IEnumerable<string> ListNamespaces() =>
        Directory.Exists(NetnsDirectory) ? Directory.EnumerateFiles(NetnsDirectory).Select(Path.GetFileName).OfType<string>() : [];

    private static async Task AddInterfaceAsync(string ns, int prefixLength, EniSpec eni, string port, string target, CancellationToken ct)
    {
        var platform = eni.ExternalNamespace is null;
        if (platform && !NamespaceExists(target))
        {
            await Run(["netns", "add", target], ct).ConfigureAwait(false);
        }

        // A peer left in the target by a VPC namespace that was removed (its cleanup is asynchronous in the kernel) would clash.
        await HostCommand.RunAsync(Ip, ["-n", target, "link", "del", port], ct).ConfigureAwait(false);
        await Run(["-n", ns, "link", "add", port, "type", "veth", "peer", "name", port, "netns", target], ct).ConfigureAwait(false);
        var far = port;
        if (platform)
        {
            await Run(["-n", target, "link", "set", port, "name", VpcNames.PlatformInterface], ct).ConfigureAwait(false);
            far = VpcNames.PlatformInterface;
        }

        await Run(["-n", target, "addr", "add", string.Create(CultureInfo.InvariantCulture, $"{eni.Address}/{prefixLength}"), "dev", far], ct).ConfigureAwait(false);
        await Run(["-n", target, "link", "set", "lo", "up"], ct).ConfigureAwait(false);
        await Run(["-n", target, "link", "set", far, "up"], ct).ConfigureAwait(false);
        if (platform)
        {
            // Everything leaves through the VPC: there is no other link, and the VPC's firewall drops what no
            // ENI of it receives (there is no gateway out of the VPC).
            await Run(["-n", target, "route", "replace", "default", "dev", far], ct).ConfigureAwait(false);
        }

        await Run(["-n", ns, "link", "set", port, "master", VpcNames.Bridge], ct).ConfigureAwait(false);
        await Run(["-n", ns, "link", "set", port, "up"], ct).ConfigureAwait(false);
    }

    /// <summary>The bridge holds the gateway endpoint's address while the VPC has one, and no address otherwise.</summary>
    private static async Task ApplyGatewayAddressAsync(string ns, VpcSpec vpc, CancellationToken ct)
    {
        if (vpc.GatewayAddress is { } address)
        {
            await Run(["-n", ns, "addr", "replace", string.Create(CultureInfo.InvariantCulture, $"{address}/{vpc.PrefixLength}"), "dev", VpcNames.Bridge], ct).ConfigureAwait(false);
            return;
        }

        await Run(["-n", ns, "addr", "flush", "dev", VpcNames.Bridge], ct).ConfigureAwait(false);
    }

    private static async Task<HashSet<string>> PortsAsync(string ns, CancellationToken ct)
    {
        var listing = await HostCommand.CheckedAsync(Ip, ["-n", ns, "-o", "link", "show", "type", "veth"], ct).ConfigureAwait(false);
        var ports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "7: e0123456789ab@if6: <BROADCAST,...>"
            var parts = line.Split(':', 3);
            if (parts.Length >= 2)
            {
                var name = parts[1].Trim();
                var at = name.IndexOf('@', StringComparison.Ordinal);
                ports.Add(at < 0 ? name : name[..at]);
            }
        }

        return ports;
    }

    private async Task ApplyFirewallAsync(string ns, VpcSpec vpc, CancellationToken ct)
    {
        Directory.CreateDirectory(scratchDirectory);
        var file = Path.Combine(scratchDirectory, ns + ".nft");
        await File.WriteAllTextAsync(file, FirewallCompiler.Compile(vpc), ct).ConfigureAwait(false);
        try
        {
            await HostCommand.CheckedAsync(Ip, ["netns", "exec", ns, "nft", "-f", file], ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Serialises host changes across threads and processes; dispose the result to release.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
            while (true)
            {
                try
                {
                    var file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new Hold(file, _gate);
                }
                catch (IOException)
                {
                    await Task.Delay(50, ct).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    private static Task<string> Run(string[] arguments, CancellationToken ct) => HostCommand.CheckedAsync(Ip, arguments, ct);

    private sealed class Hold(FileStream file, SemaphoreSlim gate) : IDisposable
    {
        public void Dispose()
        {
            file.Dispose();
            gate.Release();
        }
    }
}
