using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Layers;

/// <summary>
/// Counts decompressed bytes as they are produced and refuses the read that would pass the bound, so a zip bomb
/// costs at most the bound in CPU and nothing in memory. Callers pass what is left of an image-wide bound.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes, string what) : Stream
{
    private long _read;

    public long BytesRead => _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Account(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Account(int read)
    {
        _read += read;
        if (_read > maxBytes)
        {
            throw new ScanRefusedException(ScanErrorKind.ExpandedSizeExceeded, $"{what} expands to more than {maxBytes} bytes");
        }

        return read;
    }
}
