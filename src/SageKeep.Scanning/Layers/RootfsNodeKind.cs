namespace SageKeep.Scanning.Layers;

/// <summary>What lstat(2) would say a path of an unpacked root filesystem is.</summary>
internal enum RootfsNodeKind
{
    Missing,
    Directory,
    File,
    Symlink,
}
