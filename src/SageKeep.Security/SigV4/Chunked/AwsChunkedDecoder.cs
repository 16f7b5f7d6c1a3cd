using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>
/// Decodes an <c>aws-chunked</c> request body as S3 specifies it ("Signature Calculations for the
/// Authorization Header: Transferring Payload in Multiple Chunks" and "… Including Trailing
/// Headers", S3 API Reference):
/// <code>
/// hex-size[;chunk-signature=sig] CRLF data CRLF … 0[;chunk-signature=sig] CRLF [trailer CRLF …] CRLF
/// </code>
/// For <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]</c> each chunk signature chains from the
/// previous one (the first from the request's seed signature):
/// <c>HMAC(kSigning, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" + previous + "\n" + SHA256("") + "\n" + SHA256(data))</c>,
/// and the trailers are signed with <c>"AWS4-HMAC-SHA256-TRAILER\n" + date + "\n" + scope + "\n" + previous + "\n" + SHA256(trailers)</c>.
/// <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c> (aws CLI / boto3 uploads) has no signatures; its
/// trailing checksum is what protects the data. Data is streamed to the destination as it is read
/// (memory stays bounded by the buffer): the destination must be discarded unless the result succeeds.
/// </summary>
public sealed partial class AwsChunkedDecoder
{
    private const string EmptySha256Hex = SigV4Payload.EmptySha256Hex;
    private readonly PayloadMode _mode;
    private readonly SigV4ChunkSigningContext? _signing;
    private readonly long _decodedContentLength;
    private readonly string[] _declaredTrailers;
    private readonly AwsChunkedOptions _options;

    /// <param name="mode">A streaming payload mode from <see cref="SigV4Authenticated.PayloadMode"/>.</param>
    /// <param name="signing">Required for the signed modes (<see cref="SigV4Authenticated.ChunkSigning"/>).</param>
    /// <param name="decodedContentLength">The <c>x-amz-decoded-content-length</c> header.</param>
    /// <param name="declaredTrailers">Names from the <c>x-amz-trailer</c> header (lower case).</param>
    /// <param name="options">Bounds.</param>
    public AwsChunkedDecoder(PayloadMode mode, SigV4ChunkSigningContext? signing, long decodedContentLength, IReadOnlyList<string> declaredTrailers, AwsChunkedOptions? options = null)
    {
        if (mode is not (PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer))
        {
            throw new ArgumentException("Not a streaming payload mode.", nameof(mode));
        }

        if (mode != PayloadMode.StreamingUnsignedTrailer && signing is null)
        {
            throw new ArgumentException("Signed chunks need the request's signing context.", nameof(signing));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(decodedContentLength);
        ArgumentNullException.ThrowIfNull(declaredTrailers);
        _options = options ?? new AwsChunkedOptions();
        if (_options.BufferSize < _options.MaxLineLength + 2)
        {
            throw new ArgumentException("The buffer must hold the longest line.", nameof(options));
        }

        _mode = mode;
        _signing = signing;
        _decodedContentLength = decodedContentLength;
        _declaredTrailers = [.. declaredTrailers.Select(static t => t.Trim().ToLowerInvariant())];
    }

    /// <summary>
    /// Builds a decoder for an authenticated streaming request from its headers
    /// (<c>x-amz-decoded-content-length</c> required, <c>x-amz-trailer</c> optional).
    /// Null with <paramref name="error"/> when the headers are missing or malformed.
    /// </summary>
    public static AwsChunkedDecoder? Create(SigV4Authenticated authenticated, SigV4Headers headers, AwsChunkedOptions? options, out string error)
    {
        ArgumentNullException.ThrowIfNull(authenticated);
        ArgumentNullException.ThrowIfNull(headers);
        error = string.Empty;
        var decoded = headers.GetFirst("x-amz-decoded-content-length");
        if (decoded is null || !long.TryParse(decoded.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            error = "Missing or invalid required header for this request: x-amz-decoded-content-length";
            return null;
        }

        var trailers = headers.GetFirst("x-amz-trailer")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (authenticated.PayloadMode == PayloadMode.StreamingSigned && trailers.Length > 0)
        {
            error = "x-amz-trailer requires a STREAMING-…-TRAILER x-amz-content-sha256.";
            return null;
        }

        return new AwsChunkedDecoder(authenticated.PayloadMode, authenticated.ChunkSigning, length, trailers, options);
    }

    private bool Signed => _mode != PayloadMode.StreamingUnsignedTrailer;

    private bool HasTrailer => _mode != PayloadMode.StreamingSigned;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>, verifying as it goes.</summary>
    public async Task<AwsChunkedResult> DecodeAsync(Stream source, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var input = new ChunkedInput(source, _options.BufferSize);
        using var chunkHash = Signed ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var checksumName = Array.Find(_declaredTrailers, static t => t.StartsWith("x-amz-checksum-", StringComparison.Ordinal));
        using var checksum = checksumName is null ? null : TrailingChecksumCalculator.For(checksumName["x-amz-checksum-".Length..]);

        // The chain works on bytes: one string-to-sign buffer whose fixed parts are written once,
        // the sent signature decoded from hex, the expected one computed into a reused array.
        var chain = Signed ? new ChunkSignatureChain(_signing!) : null;
        long decoded = 0;

        while (true)
        {
            // Step 1: the chunk header line: hex size, then ";chunk-signature=<64 hex>" when signed.
            var lineFailure = await input.ReadLineAsync(_options.MaxLineLength, ct).ConfigureAwait(false);
            if (lineFailure is not null)
            {
                return Fail(lineFailure.Value, decoded, "the chunk header");
            }

            var header = ParseChunkHeader(input.Line, out var size, out var hasSignature, chain is null ? default : chain.Provided);
            if (header is not null)
            {
                return AwsChunkedResult.Fail(header.Value, Describe(header.Value, "the chunk header"), decoded);
            }

            if (size > _options.MaxChunkSize)
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.ChunkTooLarge, $"A chunk of {size} bytes exceeds the limit of {_options.MaxChunkSize} bytes.", decoded);
            }

            if (decoded + size > _decodedContentLength)
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.DecodedLengthMismatch, "The chunks carry more data than x-amz-decoded-content-length declares.", decoded);
            }

            if (Signed && !hasSignature)
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.ChunkSignatureMissing, "A chunk of a signed payload has no chunk-signature.", decoded);
            }

            // Step 2: the data, streamed through the chunk hash and the checksum to the destination.
            var remaining = size;
            while (remaining > 0)
            {
                if (input.Available == 0 && !await input.FillAsync(ct).ConfigureAwait(false))
                {
                    return Fail(AwsChunkedFailure.IncompleteBody, decoded, "chunk data");
                }

                var take = (int)Math.Min(remaining, input.Available);
                var data = input.BufferedMemory(take);
                chunkHash?.AppendData(data.Span);
                checksum?.Append(data.Span);
                await destination.WriteAsync(data, ct).ConfigureAwait(false);
                input.Advance(take);
                remaining -= take;
                decoded += take;
            }

            // Step 3: verify the chunk signature against the chain.
            if (chain is not null && !chain.VerifyNext(chunkHash!))
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.ChunkSignatureDoesNotMatch, "The chunk signature does not match the chunk data and the previous signature.", decoded);
            }

            if (size > 0)
            {
                // Step 4: CRLF ends every chunk's data.
                var crlf = await input.ExpectCrlfAsync(ct).ConfigureAwait(false);
                if (crlf is not null)
                {
                    return Fail(crlf.Value, decoded, "the end of chunk data");
                }

                continue;
            }

            // Step 5: the final (empty) chunk: trailers (if any) up to an empty line.
            var trailerResult = await ReadTrailersAsync(input, chain?.PreviousHex() ?? string.Empty, decoded, ct).ConfigureAwait(false);
            if (trailerResult.Failure is not null)
            {
                return trailerResult.Failure;
            }

            // Step 6: totals, trailing checksum, and nothing after the end.
            if (decoded != _decodedContentLength)
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.DecodedLengthMismatch, $"The body decodes to {decoded} bytes but x-amz-decoded-content-length is {_decodedContentLength}.", decoded);
            }

            AwsTrailingChecksum? trailing = null;
            if (checksumName is not null)
            {
                var sent = trailerResult.Trailers[checksumName];
                var verified = false;
                if (checksum is not null)
                {
                    var computed = checksum.FinishBase64();
                    if (!string.Equals(computed, sent, StringComparison.Ordinal))
                    {
                        return AwsChunkedResult.Fail(AwsChunkedFailure.ChecksumMismatch, $"The {checksumName["x-amz-checksum-".Length..].ToUpperInvariant()} you specified did not match the calculated checksum.", decoded);
                    }

                    verified = true;
                }

                trailing = new AwsTrailingChecksum(checksumName, checksumName["x-amz-checksum-".Length..], sent, verified);
            }

            if (!await input.AtEndAsync(ct).ConfigureAwait(false))
            {
                return AwsChunkedResult.Fail(AwsChunkedFailure.TrailingData, "Data follows the end of the aws-chunked body.", decoded);
            }

            return AwsChunkedResult.Success(decoded, trailerResult.Trailers, trailing);
        }
    }

    /// <summary>Constant-time comparison of two signature strings (lowercase hex expected).</summary>
    private static bool SignatureEquals(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided.ToLowerInvariant()));

    private static AwsChunkedResult Fail(AwsChunkedFailure failure, long decoded, string where) =>
        AwsChunkedResult.Fail(failure, Describe(failure, where), decoded);

    private static string Describe(AwsChunkedFailure failure, string where) => failure switch
    {
        AwsChunkedFailure.IncompleteBody => $"The request body ended in {where}: you did not provide the number of bytes specified by the Content-Length HTTP header.",
        AwsChunkedFailure.LineTooLong => $"The line of {where} is too long.",
        _ => $"Malformed aws-chunked encoding in {where}.",
    };
}
