using System.Text;

namespace SageKeep.UnitTests.SigV4;

/// <summary>One-byte changes to every signed part of a suite request.</summary>
internal static class SuiteMutations
{
    public static IEnumerable<(string Description, RawHttpRequest Request)> Of(RawHttpRequest raw, string variant)
    {
        var signedHeaders = SignedHeaderNames(raw, variant);
        foreach (var name in signedHeaders)
        {
            var index = raw.Headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            var headers = raw.Headers.ToList();
            headers[index] = new(headers[index].Key, name == "x-amz-date" ? ChangeSeconds(headers[index].Value) : ChangeLastByte(headers[index].Value));
            yield return ($"header {name}", raw with { Headers = headers });
        }

        var question = raw.Target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? raw.Target : raw.Target[..question];
        var query = question < 0 ? string.Empty : raw.Target[question..];
        yield return ("path", raw with { Target = path + "x" + query });
        yield return ("method", raw with { Method = raw.Method == "GET" ? "PUT" : "GET" });
        yield return ("body", raw with { Body = [.. raw.Body, (byte)'x'] });

        if (query.Length > 0)
        {
            var pairs = query[1..].Split('&');
            for (var i = 0; i < pairs.Length; i++)
            {
                var key = pairs[i].Split('=')[0];
                if (key is "X-Amz-Signature" or "X-Amz-Credential" or "X-Amz-Algorithm" or "X-Amz-SignedHeaders" or "X-Amz-Date")
                {
                    continue;
                }

                var changed = pairs.ToArray();
                changed[i] = ChangeLastByte(changed[i]);
                yield return ($"query {key}", raw with { Target = path + "?" + string.Join('&', changed) });
            }
        }

        if (variant == "header")
        {
            var index = raw.Headers.FindIndex(h => h.Key == "Authorization");
            var headers = raw.Headers.ToList();
            headers[index] = new("Authorization", ChangeLastByte(headers[index].Value));
            yield return ("signature", raw with { Headers = headers });
        }
        else
        {
            yield return ("signature", raw with { Target = ChangeLastByte(raw.Target) });
        }
    }

    private static string[] SignedHeaderNames(RawHttpRequest raw, string variant)
    {
        if (variant == "header")
        {
            var authorization = raw.Headers.Single(h => h.Key == "Authorization").Value;
            var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length;
            return authorization[start..authorization.IndexOf(',', start)].Split(';');
        }

        var query = raw.Target[(raw.Target.IndexOf('?', StringComparison.Ordinal) + 1)..];
        var pair = query.Split('&').Single(p => p.StartsWith("X-Amz-SignedHeaders=", StringComparison.Ordinal));
        return pair["X-Amz-SignedHeaders=".Length..].Replace("%3B", ";", StringComparison.Ordinal).Split(';');
    }

    /// <summary>Replaces the last non-space character with a different letter or digit.</summary>
    private static string ChangeLastByte(string value)
    {
        var sb = new StringBuilder(value);
        var i = sb.Length - 1;
        while (i > 0 && char.IsWhiteSpace(sb[i]))
        {
            i--;
        }

        sb[i] = sb[i] == 'a' ? 'b' : sb[i] is >= '0' and <= '9' ? (char)('0' + ((sb[i] - '0' + 1) % 10)) : 'a';
        return sb.ToString();
    }

    /// <summary>Moves X-Amz-Date by one second: still the same day and inside the clock skew.</summary>
    private static string ChangeSeconds(string amzDate) =>
        amzDate[..^2] + (char)('0' + ((amzDate[^2] - '0' + 1) % 10)) + "Z";
}
