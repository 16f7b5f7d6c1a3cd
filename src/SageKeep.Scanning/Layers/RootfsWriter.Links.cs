using System.Formats.Tar;
using System.Runtime.Versioning;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>Hard links and opaque directories: the two entries that act on paths other than their own.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class RootfsWriter
{
    /// <summary>
    /// A hard link becomes a copy of its target: a shared inode would let a later layer's rewrite of one path change
    /// the other, and the cache is read-only anyway, so sharing saves nothing worth that risk.
    /// </summary>
    private void CopyHardLink(TarEntry entry, string digest, string host, UnixFileMode mode)
    {
        var target = entry.LinkName.StartsWith('/') ? null : EntryPath.Split(entry.LinkName);
        if (target is not { Length: > 0 })
        {
            throw RootfsTree.Refuse(ScanErrorKind.PathTraversal, $"layer {digest} hard link '{entry.Name}' targets '{entry.LinkName}' outside the image root");
        }

        var targetDirectory = tree.ResolveDirectory(target[..^1], create: false);
        var targetHost = targetDirectory is null ? null : tree.Host([.. targetDirectory, target[^1]]);
        if (targetHost is null || RootfsTree.Kind(targetHost) != RootfsNodeKind.File)
        {
            throw RootfsTree.Refuse(ScanErrorKind.MalformedLayer, $"layer {digest} hard link '{entry.Name}' targets '{entry.LinkName}', which is not a file of the image");
        }

        if (targetHost == host)
        {
            return;
        }

        RootfsTree.Delete(host);
        File.Copy(targetHost, host);
        tree.Own(host, entry.Uid, entry.Gid);
        File.SetUnixFileMode(host, mode);
    }

    /// <summary>Removes what lower layers put under the directory; what this layer wrote there stays (layer.md "Opaque Whiteout").</summary>
    private void ApplyOpaque(List<string> directory, LayerPaths touched)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(tree.Host(directory)))
        {
            List<string> path = [.. directory, Path.GetFileName(child)];
            var kind = RootfsTree.Kind(child);
            if (touched.Leads(path) && kind == RootfsNodeKind.Directory)
            {
                ApplyOpaque(path, touched);
            }
            else if (!touched.Contains(path))
            {
                RootfsTree.Delete(child);
            }
        }
    }
}
