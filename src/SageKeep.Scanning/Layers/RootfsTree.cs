using System.Runtime.Versioning;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// Paths inside an unpacked root filesystem, resolved one component at a time with lstat semantics: a symbolic link
/// met on the way is resolved by hand against the image root (never by the OS), and a link that climbs above the
/// root or does not lead to a directory refuses the path. Nothing is ever written through a link.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RootfsTree(string root, int idOffset, int idCount)
{
    private const int MaxLinkHops = 40;

    public string Root { get; } = root;

    public string Host(IEnumerable<string> components) => Path.Join(Root, string.Join('/', components));

    /// <summary>Components of the directory the path names after following in-root links, or null when it escapes or is not a directory.</summary>
    public List<string>? ResolveDirectory(IReadOnlyList<string> components, bool create)
    {
        var hops = 0;
        return Resolve(components, create, ref hops);
    }

    public static RootfsNodeKind Kind(string host)
    {
        var info = new FileInfo(host);
        if (info.LinkTarget is not null)
        {
            return RootfsNodeKind.Symlink;
        }

        if (Directory.Exists(host))
        {
            return RootfsNodeKind.Directory;
        }

        return File.Exists(host) ? RootfsNodeKind.File : RootfsNodeKind.Missing;
    }

    /// <summary>Removes whatever is at the path; a link is removed, never followed.</summary>
    public static void Delete(string host)
    {
        switch (Kind(host))
        {
            case RootfsNodeKind.Directory:
                Directory.Delete(host, recursive: true);
                break;
            case RootfsNodeKind.Symlink or RootfsNodeKind.File:
                File.Delete(host);
                break;
        }
    }

    public void Own(string host, int uid, int gid)
    {
        if (idOffset == 0)
        {
            return;
        }

        RootfsNative.LChown(host, Map(uid), Map(gid));
    }

    public void CreateDirectory(string host, UnixFileMode mode, int uid, int gid)
    {
        Directory.CreateDirectory(host);
        Own(host, uid, gid);
        File.SetUnixFileMode(host, mode);
    }

    private int Map(int id) => idOffset + (id >= 0 && id < idCount ? id : Math.Min(65534, idCount - 1));

    private List<string>? Resolve(IReadOnlyList<string> components, bool create, ref int hops)
    {
        var resolved = new List<string>(components.Count);
        foreach (var component in components)
        {
            resolved.Add(component);
            var host = Host(resolved);
            switch (Kind(host))
            {
                case RootfsNodeKind.Directory:
                    break;
                case RootfsNodeKind.Missing when create:
                    CreateDirectory(host, (UnixFileMode)0b111_101_101, 0, 0);
                    break;
                case RootfsNodeKind.Symlink:
                    if (++hops > MaxLinkHops)
                    {
                        return null;
                    }

                    var target = new FileInfo(host).LinkTarget!;
                    resolved.RemoveAt(resolved.Count - 1);
                    var start = target.StartsWith('/') ? [] : resolved;
                    if (Lexical(start, target) is not { } combined || Resolve(combined, create: false, ref hops) is not { } next)
                    {
                        return null;
                    }

                    resolved = next;
                    break;
                default:
                    return null;
            }
        }

        return resolved;
    }

    /// <summary>Joins a link target to its directory; null when ".." would climb above the image root.</summary>
    private static List<string>? Lexical(List<string> start, string target)
    {
        var result = new List<string>(start);
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (result.Count == 0)
                {
                    return null;
                }

                result.RemoveAt(result.Count - 1);
            }
            else if (part != ".")
            {
                result.Add(part);
            }
        }

        return result;
    }

    public static RootfsRefusedException Refuse(ScanErrorKind kind, string message) => new(new ScanError(kind, message));
}
