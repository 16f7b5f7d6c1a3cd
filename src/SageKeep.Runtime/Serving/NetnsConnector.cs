using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// The platform's private path to a container's port: one dedicated thread enters the container's network namespace
/// (setns on /proc/&lt;pid&gt;/ns/net, held open so the namespace outlives a restarting process) for each socket it
/// creates there and returns to its own at once; a socket stays in the namespace it was created in, so connecting it to 127.0.0.1:port from any thread
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
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) => ConnectToAsync(_port, cancellationToken);

    /// <summary>A ConnectCallback to another port of the same namespace (the containers of one instance share it, each on its own port).</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectorFor(int port) => (_, cancellationToken) => ConnectToAsync(port, cancellationToken);

    private async ValueTask<Stream> ConnectToAsync(int port, CancellationToken cancellationToken)
    {
        var socket = await CreateSocketAsync().ConfigureAwait(false);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The thread enters the container's namespace only to create each socket and returns to its own before it
    /// completes anything: completing a task queues work to the thread pool, which may start a new pool thread from
    /// this one, and a new thread inherits its creator's network namespace. A pool thread left in the container's
    /// namespace would put later sockets of the server (any of them) inside the container.
    /// </summary>
    private void Serve()
    {
        SafeFileHandle own;
        try
        {
            own = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(new IOException("cannot open this thread's own network namespace", e));
            return;
        }

        using (own)
        {
            if (SetNs(_namespace, CloneNewNet) != 0)
            {
                Fail(new IOException($"setns into the container's network namespace failed with errno {Marshal.GetLastPInvokeError()}"));
                return;
            }

            Return(own);
            _joined.TrySetResult();
            foreach (var request in _requests.GetConsumingEnumerable())
            {
                Socket? socket = null;
                SocketException? failure = null;
                if (SetNs(_namespace, CloneNewNet) != 0)
                {
                    request.TrySetException(new IOException($"setns into the container's network namespace failed with errno {Marshal.GetLastPInvokeError()}"));
                    continue;
                }

                try
                {
                    socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                }
                catch (SocketException ex)
                {
                    failure = ex;
                }
                finally
                {
                    Return(own);
                }

                if (socket is not null)
                {
                    request.TrySetResult(socket);
                }
                else
                {
                    request.TrySetException(failure!);
                }
            }
        }
    }

    private void Fail(Exception error)
    {
        _joined.TrySetException(error);
        foreach (var pending in _requests.GetConsumingEnumerable())
        {
            pending.TrySetException(error);
        }
    }

    /// <summary>Back to the server's namespace; staying in the container's would be a breach, so it ends the process.</summary>
    private static void Return(SafeFileHandle own)
    {
        if (SetNs(own, CloneNewNet) != 0)
        {
            Environment.FailFast($"a thread could not leave a container's network namespace (setns errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(SafeFileHandle fd, int nstype);
}
