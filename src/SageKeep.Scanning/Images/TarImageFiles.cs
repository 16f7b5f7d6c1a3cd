using System.Formats.Tar;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Images;

/// <summary>
/// Files of an uncompressed tar archive (OCI archive or docker save), indexed in one pass over the headers:
/// each file is then read in place as a window of the archive, never extracted.
/// </summary>
internal sealed class TarImageFiles : IImageFiles
{
    private const int MaxArchiveEntries = 100_000;
    private const int MaxLinkHops = 8;
    private readonly string _archivePath;
    private readonly Dictionary<string, (long Offset, long Length)> _files;
    private readonly Dictionary<string, string> _links;

    private TarImageFiles(string archivePath, Dictionary<string, (long Offset, long Length)> files, Dictionary<string, string> links)
    {
        _archivePath = archivePath;
        _files = files;
        _links = links;
    }

    public static async Task<TarImageFiles> IndexAsync(string archivePath, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var reader = new TarReader(stream, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                try
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        if (files.Count >= MaxArchiveEntries)
                        {
                            throw new ScanRefusedException(ScanErrorKind.EntryCountExceeded, $"image archive holds more than {MaxArchiveEntries} entries");
                        }

                        if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile)
                        {
                            var name = Normalize(entry.Name);
                            if (name is not null)
                            {
                                files[name] = (entry.DataOffset, entry.Length);
                            }
                        }
                        else if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink && Normalize(entry.Name) is { } name)
                        {
                            // Legacy docker save links a repeated layer to the first copy ("../<id>/layer.tar").
                            var baseDirectory = entry.EntryType == TarEntryType.SymbolicLink ? Path.GetDirectoryName(name) ?? string.Empty : string.Empty;
                            if (Normalize(Combine(baseDirectory, entry.LinkName)) is { } target)
                            {
                                links[name] = target;
                            }
                        }
                    }
                }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
                {
                    throw new ScanRefusedException(ScanErrorKind.UnrecognizedFormat, $"image archive is not a readable tar: {ex.Message}");
                }
            }
        }

        return new TarImageFiles(archivePath, files, links);
    }

    public long? Length(string relativePath) =>
        _files.TryGetValue(Follow(relativePath), out var file) ? file.Length : null;

    public Stream Open(string relativePath)
    {
        var (offset, length) = _files[Follow(relativePath)];
        var stream = new FileStream(_archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        stream.Position = offset;
        return new WindowStream(stream, length);
    }

    public void Dispose()
    {
    }

    /// <summary>Follows links between archive members, a bounded number of times.</summary>
    private string Follow(string relativePath)
    {
        for (var hop = 0; hop < MaxLinkHops && _links.TryGetValue(relativePath, out var target); hop++)
        {
            relativePath = target;
        }

        return relativePath;
    }

    /// <summary>Joins a link target to its directory, resolving ".." lexically; null when it leaves the archive root.</summary>
    private static string? Combine(string directory, string target)
    {
        var parts = new List<string>();
        foreach (var part in (target.StartsWith('/') ? target : directory + "/" + target).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static string? Normalize(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var trimmed = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        return trimmed.Length == 0 || trimmed.Split('/').Contains("..") ? null : trimmed;
    }
}
