namespace SageKeep.Scanning.Catalogers.Go;

/// <summary>
/// Which files may be executables worth opening (Go and Rust binaries carry no telling name).
/// Claims is called for every file of every layer, so this is a string test only: files without an
/// extension (or ending in .exe) of plausible executable size, outside directories that hold data only.
/// The content check (ELF magic) happens first thing in CatalogAsync.
/// </summary>
internal static class BinaryCandidates
{
    /// <summary>Even a stripped Go "hello world" is over a megabyte; 64 KiB skips scripts and small data files.</summary>
    public const long MinBytes = 64 * 1024;

    public const long MaxBytes = 256L * 1024 * 1024;

    // Not all of /usr/share: applications install there too (e.g. /usr/share/grafana/bin/).
    private static readonly string[] DataOnlyPrefixes =
    [
        "/usr/share/doc/", "/usr/share/man/", "/usr/share/info/", "/usr/share/locale/", "/usr/share/i18n/",
        "/usr/share/zoneinfo/", "/usr/share/mime/", "/usr/include/", "/usr/lib/locale/", "/etc/", "/proc/",
        "/sys/", "/dev/", "/var/lib/dpkg/", "/var/lib/apt/", "/var/lib/rpm/", "/var/cache/", "/var/log/", "/lib/apk/",
    ];

    public static bool IsCandidate(string path, long size)
    {
        if (size < MinBytes || size > MaxBytes)
        {
            return false;
        }

        var nameStart = path.LastIndexOf('/') + 1;
        if (nameStart >= path.Length)
        {
            return false;
        }

        var dot = path.IndexOf('.', nameStart + 1);
        if (dot >= 0 && !path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var prefix in DataOnlyPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
