using System.Security.Cryptography;
using SageKeep.Scanning.Inventory;

namespace SageKeep.Scanning.Images;

/// <summary>
/// Hashes and counts a blob while it is read, so a layer is verified in the same single pass that walks it
/// (OCI image spec, descriptor.md: "the content MUST be verified against the digest and size").
/// Reading past the expected size is refused at once; <see cref="VerifyAsync"/> drains the rest and checks both.
/// </summary>
internal sealed class VerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly BlobDigest _expected;
    private readonly long? _expectedSize;
    private readonly string _what;
    private readonly IncrementalHash _hash;
    private long _read;

    public VerifyingStream(Stream inner, BlobDigest expected, long? expectedSize, string what)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _what = what;
        _hash = IncrementalHash.CreateHash(expected.HashName);
    }

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

    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads what is left and checks the size and the digest.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        if (_expectedSize is { } size && _read != size)
        {
            throw new ScanRefusedException(ScanErrorKind.SizeMismatch, $"{_what} {_expected} is {_read} bytes, its descriptor says {size}");
        }

        var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (!string.Equals(actual, _expected.Hex, StringComparison.Ordinal))
        {
            throw new ScanRefusedException(ScanErrorKind.DigestMismatch, $"{_what} {_expected} has digest {_expected.Algorithm}:{actual}");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> buffer, int read)
    {
        _read += read;
        if (_expectedSize is { } size && _read > size)
        {
            throw new ScanRefusedException(ScanErrorKind.SizeMismatch, $"{_what} {_expected} is longer than the {size} bytes its descriptor says");
        }

        _hash.AppendData(buffer[..read]);
        return read;
    }
}
