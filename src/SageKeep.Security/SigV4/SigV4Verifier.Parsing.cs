using System.Globalization;
using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>Parsing of the two places a signature can come from; bounded, never throws.</summary>
public sealed partial class SigV4Verifier
{
    /// <summary>
    /// <c>AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c>. Tolerant as AWS is:
    /// components in any order, separated by ',' with optional whitespace.
    /// </summary>
    internal static SigV4Result? TryParseAuthorizationHeader(string header, out SigV4AuthParameters parameters)
    {
        parameters = default;
        if (header.Length > SigV4Constants.MaxAuthorizationLength)
        {
            return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, "Authorization header is too long.");
        }

        var memory = header.AsMemory().Trim();
        var span = memory.Span;
        var space = span.IndexOfAny(' ', '\t');
        var algorithm = space < 0 ? span : span[..space];
        var algorithmFailure = CheckAlgorithm(algorithm);
        if (algorithmFailure is not null)
        {
            return algorithmFailure;
        }

        ReadOnlyMemory<char>? credential = null, signedHeaders = null, signature = null;
        var rest = space < 0 ? ReadOnlyMemory<char>.Empty : memory[(space + 1)..];
        var components = 0;
        while (!rest.IsEmpty)
        {
            var comma = rest.Span.IndexOf(',');
            var partMemory = (comma < 0 ? rest : rest[..comma]).Trim();
            var part = partMemory.Span;
            rest = comma < 0 ? ReadOnlyMemory<char>.Empty : rest[(comma + 1)..];
            if (part.IsEmpty)
            {
                continue;
            }

            if (++components > 16)
            {
                return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, "Authorization header has too many components.");
            }

            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, $"Authorization header requires each component to be of the form key=value; found '{Sanitize(part)}'.");
            }

            var name = part[..eq].Trim();
            var value = partMemory[(eq + 1)..].Trim();
            ref var slot = ref credential;
            if (name.SequenceEqual("Credential"))
            {
                slot = ref credential;
            }
            else if (name.SequenceEqual("SignedHeaders"))
            {
                slot = ref signedHeaders;
            }
            else if (name.SequenceEqual("Signature"))
            {
                slot = ref signature;
            }
            else
            {
                // AWS ignores components it does not know.
                continue;
            }

            if (slot is not null)
            {
                return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, $"Authorization header has a duplicate '{name}' component.");
            }

            slot = value;
        }

        if (credential is null || signature is null || signedHeaders is null)
        {
            var missing = new StringBuilder();
            AppendMissing(missing, credential, "Authorization header requires 'Credential' parameter. ");
            AppendMissing(missing, signature, "Authorization header requires 'Signature' parameter. ");
            AppendMissing(missing, signedHeaders, "Authorization header requires 'SignedHeaders' parameter. ");
            return SigV4Result.Fail(SigV4Failure.MalformedAuthorization, missing.ToString().TrimEnd());
        }

        parameters = new SigV4AuthParameters(false, credential.Value, signedHeaders.Value, signature.Value, null, 0);
        return null;
    }

    /// <summary>Presigned URL parameters ("Authenticating Requests: Using Query Parameters", S3 API reference).</summary>
    internal static SigV4Result? TryParseQueryParameters(List<QueryParameter> query, out SigV4AuthParameters parameters)
    {
        parameters = default;
        string[] names =
        [
            SigV4Constants.QueryAlgorithm, SigV4Constants.QueryCredential, SigV4Constants.QueryDate,
            SigV4Constants.QueryExpires, SigV4Constants.QuerySignedHeaders, SigV4Constants.QuerySignature,
            SigV4Constants.QuerySecurityToken,
        ];
        foreach (var name in names)
        {
            if (SigV4Query.Count(query, name) > 1)
            {
                return SigV4Result.Fail(SigV4Failure.MalformedPresignedQuery, $"The query parameter '{name}' is repeated.");
            }
        }

        var algorithm = SigV4Query.Find(query, SigV4Constants.QueryAlgorithm);
        var credential = SigV4Query.Find(query, SigV4Constants.QueryCredential);
        var date = SigV4Query.Find(query, SigV4Constants.QueryDate);
        var expires = SigV4Query.Find(query, SigV4Constants.QueryExpires);
        var signedHeaders = SigV4Query.Find(query, SigV4Constants.QuerySignedHeaders);
        var signature = SigV4Query.Find(query, SigV4Constants.QuerySignature);
        if (algorithm is null || credential is null || date is null || expires is null || signedHeaders is null || signature is null)
        {
            return SigV4Result.Fail(
                SigV4Failure.MalformedPresignedQuery,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }

        var algorithmFailure = CheckAlgorithm(algorithm);
        if (algorithmFailure is not null)
        {
            return algorithmFailure;
        }

        if (!int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
        {
            return SigV4Result.Fail(SigV4Failure.MalformedPresignedQuery, "X-Amz-Expires must be a positive number of seconds.");
        }

        if (seconds > SigV4Constants.MaxExpiresSeconds)
        {
            return SigV4Result.Fail(SigV4Failure.MalformedPresignedQuery, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }

        parameters = new SigV4AuthParameters(true, credential.AsMemory(), signedHeaders.AsMemory(), signature.AsMemory(), date, seconds);
        return null;
    }

    private static SigV4Result? CheckAlgorithm(ReadOnlySpan<char> algorithm) => algorithm switch
    {
        SigV4Constants.Algorithm => null,
        SigV4Constants.AlgorithmSigV4a => SigV4Result.Fail(
            SigV4Failure.SigV4aNotSupported,
            "Signature Version 4A (AWS4-ECDSA-P256-SHA256) is not supported by this endpoint; sign requests with AWS4-HMAC-SHA256."),
        _ => SigV4Result.Fail(
            SigV4Failure.UnsupportedAlgorithm,
            $"The authorization mechanism you have provided is not supported ('{Sanitize(algorithm)}'). Please use AWS4-HMAC-SHA256."),
    };

    /// <summary>
    /// Checks <c>SignedHeaders</c> without splitting it: lowercase token names, no empty or repeated
    /// name, bounded count. Sets <paramref name="hasHost"/> when <c>host</c> is among them.
    /// </summary>
    internal static bool TryValidateSignedHeaders(ReadOnlySpan<char> value, out bool hasHost, out string error)
    {
        hasHost = false;
        error = string.Empty;
        if (value.Count(';') + 1 > SigV4Constants.MaxSignedHeaders)
        {
            error = $"SignedHeaders lists more than {SigV4Constants.MaxSignedHeaders} headers.";
            return false;
        }

        var rest = value;
        while (true)
        {
            var semicolon = rest.IndexOf(';');
            var name = semicolon < 0 ? rest : rest[..semicolon];
            if (name.IsEmpty || !IsLowercaseToken(name) || ContainsName(value[..(value.Length - rest.Length)], name))
            {
                error = $"SignedHeaders must be a ';'-separated list of distinct lowercase header names; found '{Sanitize(value)}'.";
                return false;
            }

            hasHost |= name.SequenceEqual("host");
            if (semicolon < 0)
            {
                return true;
            }

            rest = rest[(semicolon + 1)..];
        }
    }

    /// <summary>Whether <paramref name="names"/> (names each followed by ';') holds <paramref name="name"/>.</summary>
    private static bool ContainsName(ReadOnlySpan<char> names, ReadOnlySpan<char> name)
    {
        foreach (var range in names.Split(';'))
        {
            if (names[range].SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLowercaseToken(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            // RFC 9110 token characters, upper case excluded.
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendMissing(StringBuilder sb, ReadOnlyMemory<char>? value, string message)
    {
        if (value is null)
        {
            sb.Append(message);
        }
    }

    /// <summary>Caller-controlled text echoed in messages: bounded and stripped of control characters.</summary>
    internal static string Sanitize(ReadOnlySpan<char> text)
    {
        var limited = text.Length > 128 ? text[..128] : text;
        var sb = new StringBuilder(limited.Length);
        foreach (var c in limited)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }
}
