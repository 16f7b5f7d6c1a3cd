using System.Text.RegularExpressions;

namespace SageKeep.Scanning.Os;

/// <summary>
/// Identifies the distribution from the final merged view: os-release(5) first (/etc/os-release, then
/// /usr/lib/os-release, symlinks followed inside the image), then the distributions' own release files.
/// </summary>
internal static partial class OsIdentifier
{
    public const int MaxReleaseFileBytes = 64 * 1024;

    /// <summary>Files whose content the walker keeps (small) so the OS can be told once all layers are applied.</summary>
    public static bool Wants(string path) => path is "/etc/os-release" or "/usr/lib/os-release" or "/etc/alpine-release"
        or "/etc/debian_version" or "/etc/redhat-release" or "/etc/lsb-release" or "/etc/system-release";

    /// <param name="read">Reads a file of the final view by path, following symlinks inside the image; null when absent.</param>
    /// <param name="hasDpkgStatusDirectory">True when /var/lib/dpkg/status.d exists (distroless Debian).</param>
    public static OsInfo? Identify(Func<string, string?> read, bool hasDpkgStatusDirectory)
    {
        ArgumentNullException.ThrowIfNull(read);

        // Step 1: os-release(5): "/etc/os-release ... should be a relative symlink to /usr/lib/os-release".
        foreach (var path in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            if (read(path) is { } text)
            {
                var values = OsReleaseParser.Parse(text);
                if (values.TryGetValue("ID", out var id) && id.Length > 0)
                {
                    values.TryGetValue("VERSION_ID", out var versionId);
                    values.TryGetValue("VERSION_CODENAME", out var codename);
                    values.TryGetValue("PRETTY_NAME", out var pretty);
                    return new OsInfo(id, NullIfEmpty(versionId), NullIfEmpty(codename), NullIfEmpty(pretty), path);
                }
            }
        }

        // Step 2: release files of the distributions that predate os-release or strip it.
        if (read("/etc/alpine-release") is { } alpine)
        {
            return new OsInfo("alpine", FirstLine(alpine), null, null, "/etc/alpine-release");
        }

        if (read("/etc/lsb-release") is { } lsb)
        {
            var values = OsReleaseParser.Parse(lsb);
            if (values.TryGetValue("DISTRIB_ID", out var id) && id.Length > 0)
            {
                values.TryGetValue("DISTRIB_RELEASE", out var release);
                values.TryGetValue("DISTRIB_CODENAME", out var codename);
                return new OsInfo(id.ToLowerInvariant(), NullIfEmpty(release), NullIfEmpty(codename), null, "/etc/lsb-release");
            }
        }

        if (read("/etc/redhat-release") is { } redhat)
        {
            return FromRedHatRelease(FirstLine(redhat));
        }

        if (read("/etc/debian_version") is { } debian)
        {
            // "12.5" -> version 12; testing/unstable write "trixie/sid", which has no numeric version.
            var version = FirstLine(debian);
            var major = version is null ? null : DebianMajor().Match(version) is { Success: true } m ? m.Value : null;
            return new OsInfo("debian", major, major is null ? version : null, null, "/etc/debian_version");
        }

        return hasDpkgStatusDirectory ? new OsInfo("debian", null, null, null, "/var/lib/dpkg/status.d") : null;
    }

    private static OsInfo FromRedHatRelease(string? line)
    {
        // "CentOS Linux release 7.9.2009 (Core)", "Red Hat Enterprise Linux release 8.6 (Ootpa)".
        var text = line ?? string.Empty;
        var id = text.StartsWith("CentOS", StringComparison.OrdinalIgnoreCase) ? "centos"
            : text.StartsWith("Fedora", StringComparison.OrdinalIgnoreCase) ? "fedora"
            : text.StartsWith("Rocky", StringComparison.OrdinalIgnoreCase) ? "rocky"
            : text.StartsWith("AlmaLinux", StringComparison.OrdinalIgnoreCase) ? "almalinux"
            : "rhel";
        var version = RedHatVersion().Match(text);
        return new OsInfo(id, version.Success ? version.Groups[1].Value : null, null, line, "/etc/redhat-release");
    }

    private static string? FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length == 0 ? null : line;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"^\d+")]
    private static partial Regex DebianMajor();

    [GeneratedRegex(@"release (\d+(\.\d+)*)")]
    private static partial Regex RedHatVersion();
}
