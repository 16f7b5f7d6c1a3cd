using System.Runtime.InteropServices;

namespace SageKeep.Scanning.Layers;

/// <summary>The one libc call .NET has no API for: lchown(2), which changes a symlink's owner without following it.</summary>
internal static class RootfsNative
{
    public static void LChown(string path, int uid, int gid)
    {
        if (Lchown(path, uid, gid) != 0)
        {
            throw new IOException($"lchown failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}
