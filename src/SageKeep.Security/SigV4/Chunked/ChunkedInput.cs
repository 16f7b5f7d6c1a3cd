using System.Buffers;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// Buffered, bounded reads of CRLF lines and counted data from the request body. The buffer is
/// pooled (return it with <see cref="Dispose"/>) and every read asks for all the free space in it.
/// </summary>
internal sealed class ChunkedInput(Stream source, int bufferSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    private int _start;
    private int _end;
    private bool _eof;
    private int _lineStart;
    private int _lineLength;

    public int Available => _end - _start;

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> BufferedMemory(int count) => _buffer.AsMemory(_start, count);

    /// <summary>The line the last successful <see cref="ReadLineAsync"/> read (no CRLF); valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    public void Advance(int count) => _start += count;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = _lineStart = _lineLength = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads more bytes, moving the unread ones to the front first. False at end of stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            return true;
        }

        var read = await source.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>
    /// Reads one line ending in CRLF (the CRLF is consumed; the line is then <see cref="Line"/>).
    /// A failure when the line is too long or malformed, or the body ends first.
    /// </summary>
    public async ValueTask<AwsChunkedFailure?> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        var searched = 0;
        while (true)
        {
            var span = Buffered;
            var lf = span[searched..].IndexOf((byte)'\n');
            if (lf >= 0)
            {
                lf += searched;
                if (lf == 0 || span[lf - 1] != '\r')
                {
                    return AwsChunkedFailure.MalformedChunk;
                }

                if (lf - 1 > maxLength)
                {
                    return AwsChunkedFailure.LineTooLong;
                }

                _lineStart = _start;
                _lineLength = lf - 1;
                Advance(lf + 1);
                return null;
            }

            if (span.Length > maxLength + 1)
            {
                return AwsChunkedFailure.LineTooLong;
            }

            searched = span.Length;
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                return AwsChunkedFailure.IncompleteBody;
            }
        }
    }

    /// <summary>True when the next two bytes are CRLF (consumed).</summary>
    public async ValueTask<AwsChunkedFailure?> ExpectCrlfAsync(CancellationToken ct)
    {
        while (Available < 2)
        {
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                return AwsChunkedFailure.IncompleteBody;
            }
        }

        if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
        {
            return AwsChunkedFailure.MalformedChunk;
        }

        Advance(2);
        return null;
    }

    /// <summary>True when no byte is left in the body.</summary>
    public async ValueTask<bool> AtEndAsync(CancellationToken ct) =>
        Available == 0 && !await FillAsync(ct).ConfigureAwait(false) && Available == 0;
}
