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
    private readonly string _archivePath;
    private readonly Dictionary<string, (long Offset, long Length)> _files;

    private TarImageFiles(string archivePath, Dictionary<string, (long Offset, long Length)> files)
    {
        _archivePath = archivePath;
        _files = files;
    }

    public static async Task<TarImageFiles> IndexAsync(string archivePath, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
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
                    }
                }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
                {
                    throw new ScanRefusedException(ScanErrorKind.UnrecognizedFormat, $"image archive is not a readable tar: {ex.Message}");
                }
            }
        }

        return new TarImageFiles(archivePath, files);
    }

    public long? Length(string relativePath) =>
        _files.TryGetValue(relativePath, out var file) ? file.Length : null;

    public Stream Open(string relativePath)
    {
        var (offset, length) = _files[relativePath];
        var stream = new FileStream(_archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        stream.Position = offset;
        return new WindowStream(stream, length);
    }

    public void Dispose()
    {
    }

    private static string? Normalize(string name)
    {
        var trimmed = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        return trimmed.Length == 0 || trimmed.Split('/').Contains("..") ? null : trimmed;
    }
}
