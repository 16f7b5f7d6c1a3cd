using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SageKeep.Runtime.Vpc;

/// <summary>
/// Creates TCP sockets inside another network namespace: a dedicated thread enters the namespace (setns),
/// creates (and for a listener binds) the socket, and returns to its own before it ends. A socket keeps the
/// namespace it was created in, so the server accepts connections made inside a VPC, or connects from an
/// interface in it, without a process in it.
/// </summary>
public static class NamespaceSockets
{
    private const int NewNet = 0x40000000; // CLONE_NEWNET

    public static Socket Listen(string namespacePath, IPEndPoint endpoint, int backlog = 128) =>
        InNamespace(namespacePath, endpoint.AddressFamily, $"cannot listen on {endpoint} in {namespacePath}", socket =>
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(backlog);
        });

    /// <summary>
    /// An unconnected TCP socket of <paramref name="family"/> inside the namespace: connecting it from any thread
    /// leaves from that namespace's interfaces and routes.
    /// </summary>
    public static Socket Create(string namespacePath, AddressFamily family) =>
        InNamespace(namespacePath, family, $"cannot create a socket in {namespacePath}", socket => socket.NoDelay = true);

    private static Socket InNamespace(string namespacePath, AddressFamily family, string failureText, Action<Socket> prepare)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(namespacePath);
                Enter(target.DangerousGetHandle());
                try
                {
                    socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                    prepare(socket);
                }
                finally
                {
                    Enter(own.DangerousGetHandle());
                }
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                socket?.Dispose();
                socket = null;
                failure = e;
            }
        })
        { IsBackground = true, Name = "netns-socket" };
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"{failureText}: {failure?.Message}", failure);
    }

    private static void Enter(IntPtr handle)
    {
        if (SetNs(checked((int)handle), NewNet) != 0)
        {
            throw new IOException($"setns failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(int fd, int nsType);
}
