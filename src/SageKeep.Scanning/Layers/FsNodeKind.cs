namespace SageKeep.Scanning.Layers;

internal enum FsNodeKind
{
    Directory,
    File,
    Symlink,
    Other,
}
