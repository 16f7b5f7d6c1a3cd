using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>
/// The canonical request written straight into SHA-256 (the verification path): the same bytes
/// <see cref="SigV4Verifier.BuildCanonicalRequest"/> produces as a string, which is built only when a
/// signature does not match and the error has to show it.
/// </summary>
internal static partial class SigV4Canonicalizer
{
    /// <summary>Scratch bytes on the stack; longer canonical requests spill into an incremental hash.</summary>
    private const int StackBufferSize = 1024;

    /// <summary>What header values are trimmed of and whose runs collapse to one space.</summary>
    private const string Whitespace = " \t\r\n";

    /// <param name="request">The request.</param>
    /// <param name="rawPath">The raw path (the target before '?').</param>
    /// <param name="query">Parsed query pairs.</param>
    /// <param name="presigned">Leave X-Amz-Signature out of the canonical query.</param>
    /// <param name="signedHeaders">The validated SignedHeaders value (also the canonical request's line).</param>
    /// <param name="payloadHash">The payload line, or null for the lowercase hex of <paramref name="bodyHash"/>.</param>
    /// <param name="bodyHash">SHA-256 of the body when <paramref name="payloadHash"/> is null.</param>
    /// <param name="excludeSecurityToken">Leave X-Amz-Security-Token out of the canonical query.</param>
    /// <param name="hash">Receives SHA-256 of the canonical request (32 bytes).</param>
    // The stack buffer is written before it is hashed: no need to zero it first.
    [SkipLocalsInit]
    public static void HashCanonicalRequest(
        SigV4Request request,
        ReadOnlySpan<char> rawPath,
        List<QueryParameter> query,
        bool presigned,
        ReadOnlySpan<char> signedHeaders,
        string? payloadHash,
        ReadOnlySpan<byte> bodyHash,
        bool excludeSecurityToken,
        Span<byte> hash)
    {
        var writer = new Sha256Utf8Writer(stackalloc byte[StackBufferSize]);
        try
        {
            writer.Write(request.Method);
            writer.Write((byte)'\n');
            WriteCanonicalUri(ref writer, rawPath, request.IsS3, request.NormalizePath);
            writer.Write((byte)'\n');
            WriteCanonicalQuery(ref writer, query, presigned, excludeSecurityToken);
            writer.Write((byte)'\n');
            WriteCanonicalHeaders(ref writer, request.Headers, signedHeaders);
            writer.Write((byte)'\n');
            writer.Write(signedHeaders);
            writer.Write((byte)'\n');
            if (payloadHash is null)
            {
                writer.WriteLowerHex(bodyHash);
            }
            else
            {
                writer.Write(payloadHash);
            }

            writer.Finish(hash);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteCanonicalUri(ref Sha256Utf8Writer writer, scoped ReadOnlySpan<char> rawPath, bool isS3, bool normalize)
    {
        if (rawPath.IsEmpty)
        {
            writer.Write((byte)'/');
            return;
        }

        // Paths already in normal form (the usual case) are used as they are; others take the string route.
        var path = normalize && !IsNormalized(rawPath) ? RemoveDotSegments(rawPath).AsSpan() : rawPath;
        if (path.IsEmpty)
        {
            writer.Write((byte)'/');
            return;
        }

        if (!Ascii.IsValid(path))
        {
            // Rare: non-ASCII in a raw target. Both encodings work on the UTF-8 bytes.
            var utf8 = Encoding.UTF8.GetBytes(path.ToString());
            if (isS3)
            {
                WriteSingleEncoded(ref writer, utf8);
            }
            else
            {
                WriteEncoded(ref writer, utf8);
            }

            return;
        }

        Span<byte> ascii = stackalloc byte[Math.Min(path.Length, 512)];
        while (!path.IsEmpty)
        {
            // S3 escapes may not straddle two pieces: cut after the last '%' that could start one.
            var take = Math.Min(path.Length, ascii.Length);
            if (isS3 && take < path.Length)
            {
                var percent = path[(take - 2)..take].LastIndexOf('%');
                take = percent < 0 ? take : take - 2 + percent;
            }

            var piece = ascii[..Encoding.ASCII.GetBytes(path[..take], ascii)];
            if (isS3)
            {
                WriteSingleEncoded(ref writer, piece);
            }
            else
            {
                WriteEncoded(ref writer, piece);
            }

            path = path[take..];
        }
    }

    /// <summary>
    /// True when <see cref="RemoveDotSegments"/> would return the path unchanged: no empty, '.' or
    /// '..' segment apart from the empty ones a leading or trailing '/' makes.
    /// </summary>
    internal static bool IsNormalized(ReadOnlySpan<char> path)
    {
        if (path.SequenceEqual("/"))
        {
            return true;
        }

        // Past the single "/", at least one segment lies between the outer slashes.
        var inner = path[0] == '/' ? path[1..] : path;
        inner = path[^1] == '/' && !inner.IsEmpty ? inner[..^1] : inner;
        foreach (var range in inner.Split('/'))
        {
            var segment = inner[range];
            if (segment.IsEmpty || segment.SequenceEqual(".") || segment.SequenceEqual(".."))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every byte but unreserved ones and '/' escaped (the non-S3 "double" encoding of the raw path).</summary>
    private static void WriteEncoded(ref Sha256Utf8Writer writer, scoped ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (SigV4Encoding.IsUnreserved(b) || b == '/')
            {
                writer.Write(b);
            }
            else
            {
                writer.WriteEscape(b);
            }
        }
    }

    /// <summary>S3: the wire path with escapes normalised (as <see cref="AppendSingleEncoded"/>).</summary>
    private static void WriteSingleEncoded(ref Sha256Utf8Writer writer, scoped ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '%' && i + 2 < bytes.Length && SigV4Encoding.TryHex(bytes[i + 1], out var hi) && SigV4Encoding.TryHex(bytes[i + 2], out var lo))
            {
                var decoded = (byte)((hi << 4) | lo);
                if (SigV4Encoding.IsUnreserved(decoded))
                {
                    writer.Write(decoded);
                }
                else
                {
                    writer.WriteEscape(decoded);
                }

                i += 2;
            }
            else if (b == '/' || SigV4Encoding.IsUnreserved(b))
            {
                writer.Write(b);
            }
            else
            {
                writer.WriteEscape(b);
            }
        }
    }

    private static void WriteCanonicalQuery(ref Sha256Utf8Writer writer, List<QueryParameter> parameters, bool excludeSignature, bool excludeSecurityToken)
    {
        if (parameters.Count == 0)
        {
            return;
        }

        var rented = ArrayPool<QueryParameter>.Shared.Rent(parameters.Count);
        try
        {
            var count = 0;
            foreach (var p in parameters)
            {
                if (!(excludeSignature && string.Equals(p.Key, SigV4Constants.QuerySignature, StringComparison.Ordinal))
                    && !(excludeSecurityToken && string.Equals(p.Key, SigV4Constants.QuerySecurityToken, StringComparison.Ordinal)))
                {
                    rented[count++] = p;
                }
            }

            var pairs = rented.AsSpan(0, count);
            pairs.Sort(ComparePairs);
            for (var i = 0; i < pairs.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write((byte)'&');
                }

                writer.Write(pairs[i].EncodedKey);
                writer.Write((byte)'=');
                writer.Write(pairs[i].EncodedValue);
            }
        }
        finally
        {
            ArrayPool<QueryParameter>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void WriteCanonicalHeaders(ref Sha256Utf8Writer writer, SigV4Headers headers, scoped ReadOnlySpan<char> signedHeaders)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = signedHeaders[range];
            writer.Write(name);
            writer.Write((byte)':');
            if (headers.TryGetValues(name, out var values))
            {
                for (var i = 0; i < values.Count; i++)
                {
                    if (i > 0)
                    {
                        writer.Write((byte)',');
                    }

                    WriteTrimmedCollapsed(ref writer, values[i]);
                }
            }

            writer.Write((byte)'\n');
        }
    }

    /// <summary>As <see cref="AppendTrimmedCollapsed"/>: runs of non-space text joined by single spaces.</summary>
    private static void WriteTrimmedCollapsed(ref Sha256Utf8Writer writer, string value)
    {
        var span = value.AsSpan().Trim(Whitespace);
        var firstRun = true;
        while (!span.IsEmpty)
        {
            var space = span.IndexOfAny(Whitespace);
            var run = space < 0 ? span : span[..space];
            if (!firstRun)
            {
                writer.Write((byte)' ');
            }

            writer.Write(run);
            firstRun = false;
            span = space < 0 ? [] : span[space..].TrimStart(Whitespace);
        }
    }

    private static int ComparePairs(QueryParameter a, QueryParameter b)
    {
        var byKey = string.CompareOrdinal(a.EncodedKey, b.EncodedKey);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.EncodedValue, b.EncodedValue);
    }
}
