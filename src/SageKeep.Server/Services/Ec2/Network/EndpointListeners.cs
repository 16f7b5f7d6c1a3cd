using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SageKeep.Runtime.Vpc;
using SageKeep.Server.Configuration;
using SageKeep.Server.Hosting;
using SageKeep.Server.Services.Ec2.NetworkInterfaces;
using SageKeep.Server.Services.Ec2.Store;

namespace SageKeep.Server.Services.Ec2.Network;

/// <summary>
/// The SageKeep API inside VPCs: for every interface of an Interface endpoint, a socket the server creates in
/// that interface's namespace (setns) listens on its private address and the server's port. Each accepted
/// connection is handed, TLS untouched, to the server's internal endpoint socket (a Unix socket in the data
/// directory that only the server uses) behind a PROXY v2 header carrying the endpoint id, the VPC id and the
/// client's address; the requests on it are then authorised with aws:SourceVpce, aws:SourceVpc,
/// aws:VpcSourceIp and the endpoint's policy, and audited with the endpoint id. A Gateway endpoint (S3) is
/// served the same way by one socket in the VPC namespace at the gateway's address (<see cref="GatewayEndpoints"/>).
/// </summary>
internal sealed partial class EndpointListeners(VpcNetwork network, Ec2Store store, ServerSettings settings, ILogger<EndpointListeners> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Socket> _listening = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The internal socket the server's Kestrel listens on for forwarded endpoint connections.</summary>
    public static string SocketPath(ServerSettings settings) => Path.Combine(settings.DataDirectory, "vpc", "endpoints.sock");

    /// <summary>The socket path with its folder made and a socket file of an earlier run removed.</summary>
    public static string PrepareSocket(ServerSettings settings)
    {
        var path = SocketPath(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        return path;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (network.Names is null)
        {
            return;
        }

        network.AfterChange = SyncAsync;
        await SyncAsync(await store.ReadAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        foreach (var socket in _listening.Values)
        {
            socket.Dispose();
        }

        _listening.Clear();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _gate.Dispose();
        foreach (var socket in _listening.Values)
        {
            socket.Dispose();
        }
    }

    /// <summary>Opens listeners for new endpoint interfaces and closes those of removed ones.</summary>
    public async Task SyncAsync(Ec2State state, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Interface endpoints: one listener per interface, in the interface's namespace at its address.
            // Gateway endpoints (S3): one listener per endpoint, in the VPC namespace at the gateway's address.
            var wanted = new Dictionary<string, Target>(StringComparer.Ordinal);
            foreach (var eni in state.All("eni").Where(e => Ec2Doc.Text(e, "InterfaceType") == "vpc_endpoint"))
            {
                var eniId = Ec2Doc.Text(eni, "NetworkInterfaceId")!;
                var vpceId = Ec2Doc.Text(eni, NetworkInterfaceDocuments.OwnerMember) ?? string.Empty;
                if (Ec2Doc.Text(state.Find("vpce", vpceId), "VpcEndpointType") == "Interface" && network.NamespacePathOf(eniId) is { } path)
                {
                    wanted[eniId] = new Target(path, Ec2Doc.Text(eni, "PrivateIpAddress")!, vpceId, Ec2Doc.Text(eni, "VpcId")!);
                }
            }

            foreach (var gateway in state.All("vpce").Where(e => Ec2Doc.Text(e, "VpcEndpointType") == "Gateway"))
            {
                var vpcId = Ec2Doc.Text(gateway, "VpcId")!;
                var vpceId = Ec2Doc.Text(gateway, "VpcEndpointId")!;
                if (network.VpcNamespacePathOf(vpcId) is { } path)
                {
                    var address = GatewayEndpoints.RouterAddress(Ec2Doc.Text(state.Find("vpc", vpcId), "CidrBlock"));
                    wanted[vpceId] = new Target(path, address, vpceId, vpcId);
                }
            }

            foreach (var gone in _listening.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
            {
                if (_listening.TryRemove(gone, out var socket))
                {
                    socket.Dispose();
                }
            }

            foreach (var (key, target) in wanted)
            {
                if (_listening.ContainsKey(key) || !File.Exists(target.NamespacePath) || !OperatingSystem.IsLinux())
                {
                    continue;
                }

                var local = new IPEndPoint(IPAddress.Parse(target.Address), settings.Port);
                try
                {
                    var socket = NamespaceSockets.Listen(target.NamespacePath, local);
                    _listening[key] = socket;
                    _ = Task.Run(() => AcceptAsync(socket, local, target.VpceId, target.VpcId), CancellationToken.None);
                    LogListening(logger, target.VpceId, local);
                }
                catch (IOException e)
                {
                    LogListenFailed(logger, key, e.Message);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AcceptAsync(Socket listener, IPEndPoint local, string vpceId, string vpcId)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client, local, vpceId, vpcId));
        }
    }

    private async Task ForwardAsync(Socket client, IPEndPoint local, string vpceId, string vpcId)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath(settings)), _stopping.Token).ConfigureAwait(false);
                await upstream.SendAsync(ProxyProtocolV2.Header((IPEndPoint)client.RemoteEndPoint!, local, vpceId, vpcId), _stopping.Token).ConfigureAwait(false);
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
                var up = PumpAsync(clientStream, upstream, upstreamStream);
                var down = PumpAsync(upstreamStream, client, clientStream);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The client or the server closed the connection.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, Socket toSocket, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                toSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    private sealed record Target(string NamespacePath, string Address, string VpceId, string VpcId);

    [LoggerMessage(EventId = 7410, Level = LogLevel.Information, Message = "VPC endpoint {VpceId} listening on {Address} inside its VPC")]
    private static partial void LogListening(ILogger logger, string vpceId, IPEndPoint address);

    [LoggerMessage(EventId = 7411, Level = LogLevel.Error, Message = "{Listener}: the endpoint listener could not start: {Error}")]
    private static partial void LogListenFailed(ILogger logger, string listener, string error);
}
