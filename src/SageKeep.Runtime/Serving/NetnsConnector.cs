using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// The platform's private path to a container's port: one dedicated thread joins the container's network namespace
/// (setns on /proc/&lt;pid&gt;/ns/net, held open so the namespace outlives a restarting process) and creates sockets
/// there; a socket stays in the namespace it was created in, so connecting it to 127.0.0.1:port from any thread
/// reaches the container's loopback. No interface is added: an isolated container keeps only <c>lo</c>. The rest of
/// the process never changes namespace.
/// </summary>
public sealed class NetnsConnector : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly SafeFileHandle _namespace;
    private readonly BlockingCollection<TaskCompletionSource<Socket>> _requests = new();
    private readonly Thread _thread;
    private readonly int _port;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetnsConnector(SafeFileHandle ns, int port)
    {
        _namespace = ns;
        _port = port;
        _thread = new Thread(Serve) { IsBackground = true, Name = "sagekeep-netns" };
        _thread.Start();
    }

    /// <summary>Opens the network namespace of <paramref name="pid"/> and starts the thread that lives in it.</summary>
    public static async Task<NetnsConnector> OpenAsync(int pid, int port)
    {
        var handle = File.OpenHandle($"/proc/{pid}/ns/net", FileMode.Open, FileAccess.Read);
        var connector = new NetnsConnector(handle, port);
        try
        {
            await connector._joined.Task.ConfigureAwait(false);
        }
        catch
        {
            connector.Dispose();
            throw;
        }

        return connector;
    }

    /// <summary>A TCP socket created inside the container's network namespace, not yet connected.</summary>
    public Task<Socket> CreateSocketAsync()
    {
        var request = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _requests.Add(request);
        }
        catch (InvalidOperationException)
        {
            request.SetException(new ObjectDisposedException(nameof(NetnsConnector)));
        }

        return request.Task;
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: whatever host the request names, the connection goes to the container's 127.0.0.1:port.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = await CreateSocketAsync().ConfigureAwait(false);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _namespace.Dispose();
        _requests.Dispose();
    }

    private void Serve()
    {
        if (SetNs(_namespace, CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var error = new IOException($"setns into the container's network namespace failed with errno {errno}");
            _joined.TrySetException(error);
            foreach (var pending in _requests.GetConsumingEnumerable())
            {
                pending.TrySetException(error);
            }

            return;
        }

        _joined.TrySetResult();
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                request.TrySetResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
            }
            catch (SocketException ex)
            {
                request.TrySetException(ex);
            }
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(SafeFileHandle fd, int nstype);
}
