using System.Security.Cryptography;
using System.Text;

namespace SageKeep.Security.SigV4.Chunked;

/// <summary>Chunk header and trailer parsing.</summary>
public sealed partial class AwsChunkedDecoder
{
    private static ReadOnlySpan<byte> SignatureExtension => "chunk-signature="u8;
    private const string TrailerSignature = "x-amz-trailer-signature";

    /// <summary>
    /// <c>hex-size</c> or <c>hex-size;chunk-signature=&lt;64 hex&gt;</c>; nothing else. The signature is
    /// decoded into <paramref name="signature"/> (32 bytes; may be empty when the payload is unsigned).
    /// </summary>
    private static AwsChunkedFailure? ParseChunkHeader(ReadOnlySpan<byte> line, out long size, out bool hasSignature, Span<byte> signature)
    {
        size = 0;
        hasSignature = false;
        var semicolon = line.IndexOf((byte)';');
        var hex = semicolon < 0 ? line : line[..semicolon];

        // At most 15 hex digits: no overflow, no sign.
        if (hex.Length is 0 or > 15)
        {
            return AwsChunkedFailure.MalformedChunk;
        }

        foreach (var c in hex)
        {
            if (!SigV4Encoding.TryHex(c, out var digit))
            {
                return AwsChunkedFailure.MalformedChunk;
            }

            size = (size << 4) | (uint)digit;
        }

        if (semicolon < 0)
        {
            return null;
        }

        var extension = line[(semicolon + 1)..];
        if (!extension.StartsWith(SignatureExtension))
        {
            return AwsChunkedFailure.MalformedChunk;
        }

        var value = extension[SignatureExtension.Length..];
        if (value.Length != 64)
        {
            return AwsChunkedFailure.MalformedChunk;
        }

        for (var i = 0; i < 32; i++)
        {
            if (!SigV4Encoding.TryHex(value[2 * i], out var hi) || !SigV4Encoding.TryHex(value[(2 * i) + 1], out var lo))
            {
                return AwsChunkedFailure.MalformedChunk;
            }

            if (!signature.IsEmpty)
            {
                signature[i] = (byte)((hi << 4) | lo);
            }
        }

        hasSignature = true;
        return null;
    }

    /// <summary>Reads trailer lines up to the empty line; checks names and the trailer signature.</summary>
    private async Task<(AwsChunkedResult? Failure, Dictionary<string, string> Trailers)> ReadTrailersAsync(
        ChunkedInput input,
        string previousSignature,
        long decoded,
        CancellationToken ct)
    {
        var trailers = new Dictionary<string, string>(StringComparer.Ordinal);
        var canonical = new StringBuilder();
        string? signature = null;
        while (true)
        {
            var failure = await input.ReadLineAsync(_options.MaxLineLength, ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return (Fail(failure.Value, decoded, "the trailers"), trailers);
            }

            var line = Encoding.Latin1.GetString(input.Line);
            if (line.Length == 0)
            {
                break;
            }

            if (!HasTrailer)
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.MalformedChunk, "The final chunk of a payload without trailers must end with an empty line.", decoded), trailers);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.MalformedChunk, "A trailer line must have the form name:value.", decoded), trailers);
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == TrailerSignature && Signed && signature is null)
            {
                signature = value;
                continue;
            }

            if (signature is not null || Array.IndexOf(_declaredTrailers, name) < 0 || trailers.ContainsKey(name) || trailers.Count == _options.MaxTrailers)
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.UnexpectedTrailer, $"The trailer '{SigV4Verifier.Sanitize(name)}' was not declared in x-amz-trailer, is repeated, or follows the trailer signature.", decoded), trailers);
            }

            trailers.Add(name, value);
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        foreach (var declared in _declaredTrailers)
        {
            if (!trailers.ContainsKey(declared))
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.MissingTrailer, $"The trailer '{SigV4Verifier.Sanitize(declared)}' declared in x-amz-trailer was not sent.", decoded), trailers);
            }
        }

        if (_mode == PayloadMode.StreamingSignedTrailer)
        {
            if (signature is null)
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.TrailerSignatureMissing, "The trailers of a signed payload need x-amz-trailer-signature.", decoded), trailers);
            }

            var stringToSign = string.Concat(
                "AWS4-HMAC-SHA256-TRAILER\n",
                _signing!.AmzDate,
                "\n",
                _signing.Scope,
                "\n",
                previousSignature,
                "\n",
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))));
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(_signing.SigningKey.Span, Encoding.UTF8.GetBytes(stringToSign)));
            if (signature.Length != 64 || !SignatureEquals(expected, signature))
            {
                return (AwsChunkedResult.Fail(AwsChunkedFailure.TrailerSignatureDoesNotMatch, "The trailer signature does not match the trailers and the last chunk signature.", decoded), trailers);
            }
        }

        return (null, trailers);
    }
}
