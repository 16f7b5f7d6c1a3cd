using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Isolation;

/// <summary>
/// Prepares and removes the network of a run with ip(8) and nft(8). Outbound mode: a namespace, a veth pair with a
/// host-only /30, a default route to the host end, and a per-run nftables table that drops everything the
/// container sends to the host itself (its services on any address) and to private, link-local and loopback ranges,
/// and masquerades the rest. Forwarding to the outside also needs net.ipv4.ip_forward=1, which is the operator's
/// choice and not changed here.
/// </summary>
public sealed class NetworkIsolation(string namePrefix, ILogger logger)
{
    private const string Ip = "ip";
    private const string Nft = "nft";

    public string NamePrefix => namePrefix;

    public NetworkNames NamesFor(string runId) => new(namePrefix, runId);

    public async Task<NetworkAttachment> PrepareAsync(string runId, NetworkMode mode, CancellationToken cancellationToken)
    {
        if (mode == NetworkMode.Isolated)
        {
            return new NetworkAttachment(mode, null, null, null, null);
        }

        var names = NamesFor(runId);
        var (hostAddress, containerAddress, network) = names.Addresses;
        var ns = names.Namespace;
        try
        {
            await Run(Ip, ["netns", "add", ns], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["link", "add", names.HostInterface, "type", "veth", "peer", "name", names.PeerInterface, "netns", ns], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["-n", ns, "link", "set", names.PeerInterface, "name", "eth0"], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["-n", ns, "addr", "add", containerAddress + "/30", "dev", "eth0"], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["-n", ns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["-n", ns, "link", "set", "eth0", "up"], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["-n", ns, "route", "add", "default", "via", hostAddress], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["addr", "add", hostAddress + "/30", "dev", names.HostInterface], cancellationToken).ConfigureAwait(false);
            await Run(Ip, ["link", "set", names.HostInterface, "up"], cancellationToken).ConfigureAwait(false);
            await AddFirewallAsync(names, network, cancellationToken).ConfigureAwait(false);
            Log.NetworkPrepared(logger, runId, ns);
            return new NetworkAttachment(mode, "/var/run/netns/" + ns, ns, names.HostInterface, names.NftTable);
        }
        catch
        {
            await RemoveAsync(runId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the run's table, veth and namespace by name; what does not exist is skipped.</summary>
    public async Task RemoveAsync(string runId, CancellationToken cancellationToken)
    {
        var names = NamesFor(runId);
        await HostCommand.RunAsync(Nft, ["delete", "table", "inet", names.NftTable], cancellationToken).ConfigureAwait(false);
        await HostCommand.RunAsync(Ip, ["link", "del", names.HostInterface], cancellationToken).ConfigureAwait(false);
        await HostCommand.RunAsync(Ip, ["netns", "del", names.Namespace], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Run ids that still own a namespace, veth or nftables table with this prefix.</summary>
    public async Task<IReadOnlySet<string>> ListRunIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var namespaces = await HostCommand.RunAsync(Ip, ["netns", "list"], cancellationToken).ConfigureAwait(false);
        foreach (var line in namespaces.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (name.StartsWith(namePrefix, StringComparison.Ordinal))
            {
                ids.Add(name[namePrefix.Length..]);
            }
        }

        var tablePrefix = namePrefix.Replace('-', '_');
        var tables = await HostCommand.RunAsync(Nft, ["list", "tables"], cancellationToken).ConfigureAwait(false);
        foreach (var line in tables.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["table", "inet", var table] && table.StartsWith(tablePrefix, StringComparison.Ordinal))
            {
                ids.Add(table[tablePrefix.Length..]);
            }
        }

        return ids;
    }

    private static async Task AddFirewallAsync(NetworkNames names, string network, CancellationToken cancellationToken)
    {
        var table = names.NftTable;
        var veth = names.HostInterface;
        await Run(Nft, ["add", "table", "inet", table], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "chain", "inet", table, "input", "{ type filter hook input priority -10 ; policy accept ; }"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "input", "iifname", veth, "drop"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "chain", "inet", table, "forward", "{ type filter hook forward priority -10 ; policy accept ; }"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "forward", "iifname", veth, "ip", "daddr", "{ 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 }", "drop"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "forward", "iifname", veth, "meta", "nfproto", "ipv6", "drop"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "forward", "oifname", veth, "ct", "state", "established,related", "accept"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "forward", "oifname", veth, "drop"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "chain", "inet", table, "postrouting", "{ type nat hook postrouting priority 100 ; policy accept ; }"], cancellationToken).ConfigureAwait(false);
        await Run(Nft, ["add", "rule", "inet", table, "postrouting", "ip", "saddr", network, "oifname", "!=", veth, "masquerade"], cancellationToken).ConfigureAwait(false);
    }

    private static Task<string> Run(string file, string[] arguments, CancellationToken cancellationToken) =>
        HostCommand.CheckedAsync(file, arguments, cancellationToken);
}
