using System.Security.Cryptography;
using SageKeep.Security.SigV4.Chunked;

namespace SageKeep.Server.Objects;

/// <summary>
/// A write-only stream into a new temporary file that digests the bytes as they pass: MD5 (the ETag),
/// optionally SHA-256 (a signed payload hash) and the requested S3 checksums. Writing more than the
/// limit throws <see cref="ObjectTooLargeException"/>. <see cref="CompleteAsync"/> flushes the file to disk.
/// </summary>
internal sealed class BlobSink : Stream
{
    private readonly FileStream _file;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha256;
    private readonly Dictionary<string, TrailingChecksumCalculator> _checksums = new(StringComparer.Ordinal);
    private readonly long _maxBytes;
    private long _written;
    private bool _completed;

    public BlobSink(string tempPath, IEnumerable<string> checksumAlgorithms, bool computeSha256, long maxBytes)
    {
        TempPath = tempPath;
        _maxBytes = maxBytes;
        _sha256 = computeSha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        foreach (var algorithm in checksumAlgorithms)
        {
            if (!_checksums.ContainsKey(algorithm) && TrailingChecksumCalculator.For(algorithm) is { } calculator)
            {
                _checksums[algorithm] = calculator;
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1024 * 1024 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(tempPath, options);
    }

    public string TempPath { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Digest(buffer);
        _file.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Digest(buffer.Span);
        return _file.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        // Durability is CompleteAsync's job; intermediate flushes would only cost.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Flushes and fsyncs the file and hands it over as a <see cref="PendingBlob"/>.</summary>
    public async Task<PendingBlob> CompleteAsync(CancellationToken ct)
    {
        await _file.FlushAsync(ct).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        _completed = true;
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (algorithm, calculator) in _checksums)
        {
            checksums[algorithm] = calculator.FinishBase64();
        }

        return new PendingBlob(TempPath, _written, _md5.GetHashAndReset(), _sha256 is null ? null : Convert.ToHexStringLower(_sha256.GetHashAndReset()), checksums);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _md5.Dispose();
            _sha256?.Dispose();
            foreach (var calculator in _checksums.Values)
            {
                calculator.Dispose();
            }

            if (!_completed)
            {
                TryDelete(TempPath);
            }
        }

        base.Dispose(disposing);
    }

    private void Digest(ReadOnlySpan<byte> data)
    {
        if (_written + data.Length > _maxBytes)
        {
            throw new ObjectTooLargeException(_maxBytes);
        }

        _written += data.Length;
        _md5.AppendData(data);
        _sha256?.AppendData(data);
        foreach (var calculator in _checksums.Values)
        {
            calculator.Append(data);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Collected at the next start.
        }
    }
}
