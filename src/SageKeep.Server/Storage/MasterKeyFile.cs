using System.Security.Cryptography;

namespace SageKeep.Server.Storage;

/// <summary>Creates the master key file on first start (mode 0600) and reads it on later starts.</summary>
internal static class MasterKeyFile
{
    public static (MasterKey? Key, bool Created, string? Error) LoadOrCreate(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                var fresh = RandomNumberGenerator.GetBytes(MasterKey.LengthInBytes);
                try
                {
                    PrivateFiles.WriteNew(path, fresh);
                    return (new MasterKey(fresh), true, null);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process created it first; use theirs.
                }
            }

            if (PrivateFiles.IsSharedWithOthers(path))
            {
                return (null, false, $"master key file '{path}' is accessible by group or others; run: chmod 600 '{path}'");
            }

            var info = new FileInfo(path);
            if (info.Length != MasterKey.LengthInBytes)
            {
                return (null, false, $"master key file '{path}' must hold exactly {MasterKey.LengthInBytes} bytes, not {info.Length}");
            }

            return (new MasterKey(File.ReadAllBytes(path)), false, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, false, $"master key file '{path}' cannot be used: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
