using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Builds the canonical request of "Create a canonical request for Signature Version 4"
/// (AWS General Reference / IAM User Guide):
/// <c>Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\n\nSignedHeaders\nPayloadHash</c>.
/// </summary>
internal static partial class SigV4Canonicalizer
{
    /// <summary>
    /// Canonical URI from the raw (still percent-encoded) path.
    /// Non-S3 services: remove dot segments and empty segments (botocore <c>remove_dot_segments</c>,
    /// the suite's "normalized" cases), then encode the raw path once more, so '%' becomes '%25'
    /// ("double encoding": botocore signs the wire path <c>/a%20b</c> as <c>/a%2520b</c>).
    /// S3: no normalisation and single encoding: the canonical URI is the wire path with its
    /// escapes normalised (unreserved bytes decoded, hex upper-cased, other raw bytes escaped).
    /// </summary>
    public static void AppendCanonicalUri(StringBuilder sb, ReadOnlySpan<char> rawPath, bool isS3, bool normalize)
    {
        if (rawPath.IsEmpty)
        {
            sb.Append('/');
            return;
        }

        var path = normalize ? RemoveDotSegments(rawPath) : rawPath.ToString();
        if (path.Length == 0)
        {
            sb.Append('/');
            return;
        }

        if (!isS3)
        {
            SigV4Encoding.AppendEncoded(sb, path.AsSpan(), keepSlash: true);
            return;
        }

        AppendSingleEncoded(sb, path);
    }

    /// <summary>botocore's remove_dot_segments: drops '.', '' segments, resolves '..', keeps the ends' slashes.</summary>
    internal static string RemoveDotSegments(ReadOnlySpan<char> path)
    {
        var output = new List<Range>();
        var text = path.ToString();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i != text.Length && text[i] != '/')
            {
                continue;
            }

            var segment = text.AsSpan(start, i - start);
            if (segment.Length > 0 && !segment.SequenceEqual("."))
            {
                if (segment.SequenceEqual(".."))
                {
                    if (output.Count > 0)
                    {
                        output.RemoveAt(output.Count - 1);
                    }
                }
                else
                {
                    output.Add(new Range(start, i));
                }
            }

            start = i + 1;
        }

        var sb = new StringBuilder(text.Length);
        if (text[0] == '/')
        {
            sb.Append('/');
        }

        for (var i = 0; i < output.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('/');
            }

            sb.Append(text.AsSpan()[output[i]]);
        }

        if (text[^1] == '/' && output.Count > 0)
        {
            sb.Append('/');
        }

        return sb.ToString();
    }

    private static void AppendSingleEncoded(StringBuilder sb, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '%' && i + 2 < bytes.Length && SigV4Encoding.TryHex(bytes[i + 1], out var hi) && SigV4Encoding.TryHex(bytes[i + 2], out var lo))
            {
                var decoded = (byte)((hi << 4) | lo);
                if (SigV4Encoding.IsUnreserved(decoded))
                {
                    sb.Append((char)decoded);
                }
                else
                {
                    SigV4Encoding.AppendEscape(sb, decoded);
                }

                i += 2;
            }
            else if (b == '/' || SigV4Encoding.IsUnreserved(b))
            {
                sb.Append((char)b);
            }
            else
            {
                SigV4Encoding.AppendEscape(sb, b);
            }
        }
    }

    /// <summary>Pairs sorted by encoded key then encoded value (ordinal = byte order), joined with '&amp;'.</summary>
    public static void AppendCanonicalQuery(StringBuilder sb, List<QueryParameter> parameters, bool excludeSignature, bool excludeSecurityToken = false)
    {
        var pairs = new List<QueryParameter>(parameters.Count);
        foreach (var p in parameters)
        {
            if (!(excludeSignature && string.Equals(p.Key, SigV4Constants.QuerySignature, StringComparison.Ordinal))
                && !(excludeSecurityToken && string.Equals(p.Key, SigV4Constants.QuerySecurityToken, StringComparison.Ordinal)))
            {
                pairs.Add(p);
            }
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.EncodedKey, b.EncodedKey);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.EncodedValue, b.EncodedValue);
        });

        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('&');
            }

            sb.Append(pairs[i].EncodedKey).Append('=').Append(pairs[i].EncodedValue);
        }
    }

    /// <summary>
    /// <c>name:value\n</c> for each signed header in the order given: values trimmed, runs of
    /// whitespace (incl. folded line breaks) collapsed to one space, repeated headers joined with ','.
    /// A signed header that is absent contributes an empty value (and so fails the signature).
    /// </summary>
    public static void AppendCanonicalHeaders(StringBuilder sb, SigV4Headers headers, string[] signedHeaders)
    {
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            if (headers.TryGetValues(name, out var values))
            {
                for (var i = 0; i < values.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    AppendTrimmedCollapsed(sb, values[i]);
                }
            }

            sb.Append('\n');
        }
    }

    private static void AppendTrimmedCollapsed(StringBuilder sb, string value)
    {
        var span = value.AsSpan().Trim(" \t\r\n");
        var inSpace = false;
        foreach (var c in span)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                inSpace = true;
                continue;
            }

            if (inSpace)
            {
                sb.Append(' ');
                inSpace = false;
            }

            sb.Append(c);
        }
    }
}
