namespace SageKeep.Server.Storage;

/// <summary>
/// Creates the data directory and secret files readable by the owner only (0700 / 0600), from the
/// first byte: the mode is set at creation, not with a chmod afterwards that would leave a window.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory (and parents) with mode 0700 when it does not exist yet.</summary>
    public static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Writes a new file with mode 0600; fails if it already exists (first writer wins).</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content, bool ownerOnly = true)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = ownerOnly ? FileMode : FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);

        // Durable before anyone relies on it: a key lost in a crash would orphan every secret it encrypted.
        stream.Flush(flushToDisk: true);
    }

    /// <summary>True when group or others have any access to the file (a secret must not).</summary>
    public static bool IsSharedWithOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;
    }
}
