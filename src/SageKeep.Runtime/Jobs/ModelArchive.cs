using System.Formats.Tar;
using System.IO.Compression;
using SageKeep.Runtime.Runc;

namespace SageKeep.Runtime.Jobs;

/// <summary>
/// Packs /opt/ml/model into model.tar.gz (entries relative to the directory, as SageMaker writes them). The
/// container wrote that directory, so nothing in it is trusted: the file types come from find(1) without following
/// links (a FIFO would block an open, a link could point at host files), links are stored as links, and only
/// regular files are read.
/// </summary>
public static class ModelArchive
{
    public static async Task CreateAsync(string modelDirectory, string archivePath, CancellationToken cancellationToken)
    {
        var listing = await HostCommand.CheckedAsync("find", [modelDirectory, "-mindepth", "1", "-printf", "%y %P\\0"], cancellationToken).ConfigureAwait(false);
        var entries = listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.Length > 2)
            .Select(e => (Type: e[0], Name: e[2..]))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var temp = archivePath + ".tmp";
        var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    foreach (var (type, name) in entries)
                    {
                        await AddAsync(writer, Path.Combine(modelDirectory, name), type, name, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        File.Move(temp, archivePath, overwrite: true);
    }

    private static async Task AddAsync(TarWriter writer, string path, char type, string name, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case 'd':
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = (UnixFileMode)0b111_101_101 }, cancellationToken).ConfigureAwait(false);
                break;
            case 'l':
                var target = new FileInfo(path).LinkTarget ?? string.Empty;
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target }, cancellationToken).ConfigureAwait(false);
                break;
            case 'f':
                var data = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous });
                await using (data.ConfigureAwait(false))
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = data };
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // Sockets, FIFOs, devices: not model data.
                break;
        }
    }
}
