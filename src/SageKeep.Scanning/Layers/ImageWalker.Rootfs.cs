using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>Rootfs mode: the same merged view and claims, built from a directory tree read in place (read-only, no symlink followed).</summary>
internal sealed partial class ImageWalker
{
    private static readonly EnumerationOptions DirectoryListing = new()
    {
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    public async Task WalkRootfsAsync(string root, IReadOnlyList<string> excludes, CancellationToken cancellationToken)
    {
        var rootInfo = new DirectoryInfo(root);
        if (!rootInfo.Exists)
        {
            throw new ScanRefusedException(ScanErrorKind.InputNotFound, $"{root} is not a directory");
        }

        var excluded = excludes.ToHashSet(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Directory, string ImagePath)>();
        pending.Push((rootInfo, string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, imagePath) = pending.Pop();
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = directory.EnumerateFileSystemInfos("*", DirectoryListing).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Warnings.Add($"{(imagePath.Length == 0 ? "/" : imagePath)} could not be listed: {ex.Message}");
                continue;
            }

            foreach (var child in children)
            {
                var path = imagePath + "/" + child.Name;
                if (excluded.Contains(path))
                {
                    continue;
                }

                if (++_entries > limits.MaxEntries)
                {
                    throw new ScanRefusedException(ScanErrorKind.EntryCountExceeded, $"{root} holds more than {limits.MaxEntries} entries");
                }

                var components = path[1..].Split('/');
                var sequence = ++_sequence;
                if (child.LinkTarget is { } target)
                {
                    View.Put(components, FsNodeKind.Symlink, 0, sequence)!.LinkTarget = target;
                }
                else if (child is DirectoryInfo subdirectory)
                {
                    View.Put(components, FsNodeKind.Directory, 0, sequence);
                    pending.Push((subdirectory, path));
                }
                else if (child is FileInfo file)
                {
                    View.Put(components, FsNodeKind.File, 0, sequence)!.Size = file.Length;
                    await ClaimFromDiskAsync(path, file, sequence, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ClaimFromDiskAsync(string path, FileInfo file, long sequence, CancellationToken cancellationToken)
    {
        if (!catalogers.Any(c => c.Claims(path, file.Length)) && !Os.OsIdentifier.Wants(path))
        {
            return;
        }

        try
        {
            var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 81920, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await ClaimAsync(path, null, stream.Length, sequence, stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Warnings.Add($"{path} could not be read: {ex.Message}");
        }
    }
}
