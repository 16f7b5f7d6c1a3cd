namespace SageKeep.IntegrationTests.Scanning;

/// <summary>
/// A read-only stream of <c>length</c> bytes of a cheap deterministic pattern, generated on demand:
/// large test files without a large buffer. Seekable so a tar writer can read its length up front.
/// </summary>
internal sealed class PatternStream(long length, int seed) : Stream
{
    private const int BlockSize = 64 * 1024;
    private readonly byte[] _block = MakeBlock(seed);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = (int)Math.Min(buffer.Length, length - _position);
        var written = 0;
        while (written < total)
        {
            var inBlock = (int)(_position % BlockSize);
            var chunk = Math.Min(total - written, BlockSize - inBlock);
            _block.AsSpan(inBlock, chunk).CopyTo(buffer[written..]);
            written += chunk;
            _position += chunk;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] MakeBlock(int seed)
    {
        var block = new byte[BlockSize];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = (byte)((i * 31) + (i >> 8) + seed);
        }

        return block;
    }
}
