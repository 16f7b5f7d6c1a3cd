using System.Runtime.InteropServices;

namespace SageKeep.Runtime.Jobs;

/// <summary>lchown(2): .NET has no API to change a file's owner.</summary>
internal static class Native
{
    public static void LChown(string path, int uid, int gid)
    {
        if (Lchown(path, uid, gid) != 0)
        {
            throw new IOException($"lchown {path} failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}
