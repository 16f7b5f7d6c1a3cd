using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SageKeep.Runtime.Vpc;

/// <summary>
/// Creates a listening TCP socket inside another network namespace: a dedicated thread enters the namespace
/// (setns), creates and binds the socket, and returns to its own before it ends. A socket keeps the namespace
/// it was created in, so the server accepts connections made inside a VPC without a process in it.
/// </summary>
public static class NamespaceSockets
{
    private const int NewNet = 0x40000000; // CLONE_NEWNET

    public static Socket Listen(string namespacePath, IPEndPoint endpoint, int backlog = 128)
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
                    socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    socket.Bind(endpoint);
                    socket.Listen(backlog);
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
        { IsBackground = true, Name = "netns-listen" };
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException($"cannot listen on {endpoint} in {namespacePath}: {failure?.Message}", failure);
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
