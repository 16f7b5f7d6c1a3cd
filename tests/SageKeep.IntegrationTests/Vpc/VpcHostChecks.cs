using System.Net;
using System.Net.Sockets;
using SageKeep.Runtime.Runc;
using SageKeep.Runtime.Vpc;

namespace SageKeep.IntegrationTests.Vpc;

/// <summary>
/// Host-side helpers for the VPC tests: namespaces the test owns (random names, removed by name), listeners
/// bound inside them, a client connection made from inside one with busybox nc, and the checks that a server's
/// VPC objects are gone (only this installation's names are looked at).
/// </summary>
internal static class VpcHostChecks
{
    public static async Task<string> CreateNamespaceAsync(string role)
    {
        var name = $"sktest-{role}-{Guid.NewGuid().ToString("N")[..8]}";
        await HostCommand.CheckedAsync("ip", ["netns", "add", name], CancellationToken.None);
        return name;
    }

    public static Task DeleteNamespaceAsync(string name) => HostCommand.RunAsync("ip", ["netns", "del", name], CancellationToken.None);

    /// <summary>A listener inside <paramref name="netns"/> that answers every connection with <c>hi-PORT</c>.</summary>
    public static Socket Listen(string netns, string address, int port)
    {
        var socket = NamespaceSockets.Listen(VpcHost.NamespacePath(netns), new IPEndPoint(IPAddress.Parse(address), port));
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await socket.AcceptAsync();
                    await client.SendAsync(System.Text.Encoding.ASCII.GetBytes($"hi-{port}\n"));
                    client.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The test closed the listener.
            }
        });
        return socket;
    }

    /// <summary>What a TCP client inside <paramref name="netns"/> reads from address:port (empty when it cannot connect within 3 s).</summary>
    public static async Task<string> ConnectFromAsync(string netns, string address, int port)
    {
        var result = await HostCommand.RunAsync("ip", ["netns", "exec", netns, "busybox", "nc", "-w", "3", address, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None, TimeSpan.FromSeconds(20));
        return result.Stdout.Trim();
    }

    public static async Task<List<string>> NamespacesWithPrefixAsync(string prefix)
    {
        var listing = await HostCommand.CheckedAsync("ip", ["netns", "list"], CancellationToken.None);
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Interfaces inside a test namespace other than lo.</summary>
    public static async Task<List<string>> LinksInAsync(string netns)
    {
        var listing = await HostCommand.CheckedAsync("ip", ["-n", netns, "-o", "link", "show"], CancellationToken.None);
        return [.. listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim().Split('@')[0]).Where(n => n != "lo")];
    }

    public static async Task<string> NftTablesInAsync(string netns) =>
        (await HostCommand.RunAsync("ip", ["netns", "exec", netns, "nft", "list", "tables"], CancellationToken.None)).Stdout;

    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && File.Exists("/usr/bin/busybox");
}

/// <summary>A fact that needs root, ip/nft and busybox (network namespaces); skipped elsewhere.</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (!VpcHostChecks.IsRoot)
        {
            Skip = "needs root on Linux with iproute2, nftables and busybox";
        }
    }
}
