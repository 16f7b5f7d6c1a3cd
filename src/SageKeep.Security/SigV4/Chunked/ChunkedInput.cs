using System.Text;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>Buffered, bounded reads of CRLF lines and counted data from the request body.</summary>
internal sealed class ChunkedInput(Stream source, int bufferSize)
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private bool _eof;

    public int Available => _end - _start;

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public ReadOnlyMemory<byte> BufferedMemory(int count) => _buffer.AsMemory(_start, count);

    public void Advance(int count) => _start += count;

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
    /// Reads one line ending in CRLF (the CRLF is consumed, not returned). Null with
    /// a failure when the line is too long or malformed, or the body ends first.
    /// </summary>
    public async ValueTask<(string? Line, AwsChunkedFailure? Failure)> ReadLineAsync(int maxLength, CancellationToken ct)
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
                    return (null, AwsChunkedFailure.MalformedChunk);
                }

                if (lf - 1 > maxLength)
                {
                    return (null, AwsChunkedFailure.LineTooLong);
                }

                var line = Encoding.Latin1.GetString(span[..(lf - 1)]);
                Advance(lf + 1);
                return (line, null);
            }

            if (span.Length > maxLength + 1)
            {
                return (null, AwsChunkedFailure.LineTooLong);
            }

            searched = span.Length;
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                return (null, AwsChunkedFailure.IncompleteBody);
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
