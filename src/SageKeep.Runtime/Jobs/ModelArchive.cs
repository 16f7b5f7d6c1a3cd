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
    public static Task CreateAsync(string modelDirectory, string archivePath, CancellationToken cancellationToken) =>
        CreateAsync([modelDirectory], archivePath, cancellationToken);

    /// <summary>
    /// One archive of several model directories (the instances of a distributed job): their trees are merged; where
    /// two hold the same name, the entry of the earlier directory is kept.
    /// </summary>
    public static async Task CreateAsync(IReadOnlyList<string> modelDirectories, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelDirectories);
        var merged = new Dictionary<string, (char Type, string Directory)>(StringComparer.Ordinal);
        foreach (var modelDirectory in modelDirectories)
        {
            var listing = await HostCommand.CheckedAsync("find", [modelDirectory, "-mindepth", "1", "-printf", "%y %P\\0"], cancellationToken).ConfigureAwait(false);
            foreach (var entry in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(e => e.Length > 2))
            {
                merged.TryAdd(entry[2..], (entry[0], modelDirectory));
            }
        }

        // An entry under a name that an earlier directory holds as something other than a directory is left out.
        var entries = merged
            .Where(e => !Ancestors(e.Key).Any(a => merged.TryGetValue(a, out var kept) && kept.Type != 'd'))
            .Select(e => (e.Value.Type, Name: e.Key, e.Value.Directory))
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
                    foreach (var (type, name, directory) in entries)
                    {
                        await AddAsync(writer, Path.Combine(directory, name), type, name, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        File.Move(temp, archivePath, overwrite: true);
    }

    private static IEnumerable<string> Ancestors(string name)
    {
        for (var slash = name.LastIndexOf('/'); slash > 0; slash = name.LastIndexOf('/', slash - 1))
        {
            yield return name[..slash];
        }
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
