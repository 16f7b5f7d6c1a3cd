using System.Buffers;
using System.Security.Cryptography;
using System.Text.Unicode;
using SageKeep.Security.Crypto;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Feeds text into SHA-256 as UTF-8 through a caller-provided buffer (stack or pooled), so the
/// canonical request is hashed without ever becoming a string. Text that outgrows the buffer spills
/// into an <see cref="IncrementalHash"/>, created only then. The bytes hashed are exactly
/// <c>Encoding.UTF8.GetBytes</c> of the concatenated text, provided no surrogate pair is split
/// between two writes (callers write whole strings or runs between ASCII separators).
/// </summary>
internal ref struct Sha256Utf8Writer
{
    private const string LowerHex = "0123456789abcdef";
    private const string UpperHex = "0123456789ABCDEF";
    private readonly Span<byte> _buffer;
    private int _length;
    private IncrementalHash? _overflow;

    /// <param name="buffer">Scratch space; at least 16 bytes.</param>
    public Sha256Utf8Writer(Span<byte> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, 16);
        _buffer = buffer;
    }

    public void Write(byte b)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = b;
    }

    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _overflow!.AppendData(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    /// <summary>Writes the UTF-8 form of <paramref name="text"/> (lone surrogates become U+FFFD, as Encoding.UTF8 does).</summary>
    public void Write(scoped ReadOnlySpan<char> text)
    {
        while (true)
        {
            var status = Utf8.FromUtf16(text, _buffer[_length..], out var read, out var written);
            _length += written;
            if (status == OperationStatus.Done)
            {
                return;
            }

            text = text[read..];
            Flush();
        }
    }

    /// <summary><c>%XY</c> with upper-case hex, the SigV4 escape.</summary>
    public void WriteEscape(byte b)
    {
        if (_buffer.Length - _length < 3)
        {
            Flush();
        }

        _buffer[_length] = (byte)'%';
        _buffer[_length + 1] = (byte)UpperHex[b >> 4];
        _buffer[_length + 2] = (byte)UpperHex[b & 0xF];
        _length += 3;
    }

    /// <summary>Lower-case hex of <paramref name="bytes"/>.</summary>
    public void WriteLowerHex(scoped ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_buffer.Length - _length < 2)
            {
                Flush();
            }

            _buffer[_length] = (byte)LowerHex[b >> 4];
            _buffer[_length + 1] = (byte)LowerHex[b & 0xF];
            _length += 2;
        }
    }

    /// <summary>Writes the SHA-256 of everything written into <paramref name="hash"/> (32 bytes) and releases the spill hash.</summary>
    public void Finish(scoped Span<byte> hash)
    {
        if (_overflow is null)
        {
            FastSha256.HashData(_buffer[.._length], hash);
            _length = 0;
            return;
        }

        _overflow.AppendData(_buffer[.._length]);
        _length = 0;
        _overflow.GetHashAndReset(hash);
        Dispose();
    }

    public void Dispose()
    {
        _overflow?.Dispose();
        _overflow = null;
    }

    private void Flush()
    {
        _overflow ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _overflow.AppendData(_buffer[.._length]);
        _length = 0;
    }
}
