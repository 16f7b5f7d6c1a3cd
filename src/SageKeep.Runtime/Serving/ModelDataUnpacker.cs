using System.Formats.Tar;
using System.IO.Compression;

namespace SageKeep.Runtime.Serving;

/// <summary>
/// Unpacks a model.tar.gz (gzip or plain tar) into the directory an instance sees read-only at /opt/ml/model. The
/// archive is the caller's data: absolute names, <c>..</c> segments and names that would land outside the target are
/// refused, links and special files are skipped (never created, so no later entry can be written through one),
/// and the total size and entry count are bounded. Files end 0644 and directories 0755, owned by host root: readable
/// by the container's unprivileged root, writable by nobody inside.
/// </summary>
public static class ModelDataUnpacker
{
    public const long DefaultMaxBytes = 4L * 1024 * 1024 * 1024;

    public const int DefaultMaxEntries = 100_000;

    private const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode DirectoryMode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Unpacks <paramref name="archive"/> into <paramref name="target"/> (created); throws <see cref="InvalidDataException"/> for a refused archive.</summary>
    public static async Task UnpackAsync(Stream archive, string target, CancellationToken cancellationToken, long maxBytes = DefaultMaxBytes, int maxEntries = DefaultMaxEntries)
    {
        ArgumentNullException.ThrowIfNull(archive);
        Directory.CreateDirectory(target, DirectoryMode755);
        var root = Path.GetFullPath(target).TrimEnd('/') + "/";
        var buffered = new BufferedStream(archive, 65536);
        await using (buffered.ConfigureAwait(false))
        {
            var magic = new byte[2];
            var peeked = await buffered.ReadAsync(magic, cancellationToken).ConfigureAwait(false);
            if (peeked == 0)
            {
                throw new InvalidDataException("the model archive is empty");
            }

            // BufferedStream cannot un-read: re-open over a stream that replays the peeked bytes.
            var replay = new ReplayStream(magic.AsMemory(0, peeked), buffered);
            Stream tarStream = peeked == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(replay, CompressionMode.Decompress) : replay;
            await using (tarStream.ConfigureAwait(false))
            {
                var reader = new TarReader(tarStream);
                await using (reader.ConfigureAwait(false))
                {
                    long total = 0;
                    var entries = 0;
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        if (++entries > maxEntries)
                        {
                            throw new InvalidDataException($"the model archive has more than {maxEntries} entries");
                        }

                        var relative = Normalize(entry.Name);
                        if (relative is null)
                        {
                            continue;
                        }

                        var path = Path.GetFullPath(Path.Combine(root, relative));
                        if (!path.StartsWith(root, StringComparison.Ordinal))
                        {
                            throw new InvalidDataException($"the model archive entry {entry.Name} would be placed outside /opt/ml/model");
                        }

                        switch (entry.EntryType)
                        {
                            case TarEntryType.Directory:
                                Directory.CreateDirectory(path, DirectoryMode755);
                                break;
                            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                                total += entry.Length;
                                if (total > maxBytes)
                                {
                                    throw new InvalidDataException($"the model archive unpacks to more than {maxBytes} bytes");
                                }

                                Directory.CreateDirectory(Path.GetDirectoryName(path)!, DirectoryMode755);
                                if (Directory.Exists(path))
                                {
                                    throw new InvalidDataException($"the model archive entry {entry.Name} is both a file and a directory");
                                }

                                var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = FileMode644, Options = FileOptions.Asynchronous });
                                await using (file.ConfigureAwait(false))
                                {
                                    if (entry.DataStream is { } data)
                                    {
                                        await CopyBoundedAsync(data, file, entry.Length, cancellationToken).ConfigureAwait(false);
                                    }
                                }

                                break;
                            default:
                                // Symbolic and hard links, devices, FIFOs: not created.
                                break;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The entry's path relative to the model directory, or null for the directory itself; absolute and ".." names are refused.</summary>
    private static string? Normalize(string name)
    {
        if (name.StartsWith('/') || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the model archive entry {name} has an absolute or invalid name");
        }

        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            throw new InvalidDataException($"the model archive entry {name} contains '..'");
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    private static async Task CopyBoundedAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var left = length;
        while (left > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("the model archive ends inside a file");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            left -= read;
        }
    }

    /// <summary>Reads the given prefix first, then the inner stream.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return n;
            }

            return inner.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer.Span);
                _prefix = _prefix[n..];
                return n;
            }

            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
