using System.Text;

namespace SageKeep.Security.SigV4;

/// <summary>
/// Bounded parser of a raw query string into SigV4 pairs: each pair split at the first '=',
/// decoded, then re-encoded per RFC 3986 with uppercase hex. A raw '+' reads as a space
/// (see <see cref="SigV4Encoding.DecodeQueryComponent"/>); empty segments ("a&amp;&amp;b") are skipped.
/// </summary>
internal static class SigV4Query
{
    public const int MaxParameters = 512;

    public static bool TryParse(ReadOnlySpan<char> query, List<QueryParameter> into, out string error)
    {
        error = string.Empty;
        while (!query.IsEmpty)
        {
            var amp = query.IndexOf('&');
            var pair = amp < 0 ? query : query[..amp];
            query = amp < 0 ? [] : query[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (into.Count == MaxParameters)
            {
                error = $"The query string has more than {MaxParameters} parameters.";
                return false;
            }

            var eq = pair.IndexOf('=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? [] : pair[(eq + 1)..];
            var key = SigV4Encoding.DecodeQueryComponent(rawKey);
            var value = SigV4Encoding.DecodeQueryComponent(rawValue);
            into.Add(new QueryParameter(
                Encoding.UTF8.GetString(key),
                Encoding.UTF8.GetString(value),
                SigV4Encoding.Encode(key),
                SigV4Encoding.Encode(value)));
        }

        return true;
    }

    /// <summary>The value of the first parameter named exactly <paramref name="key"/> (AWS names are case-sensitive).</summary>
    public static string? Find(List<QueryParameter> parameters, string key)
    {
        foreach (var p in parameters)
        {
            if (string.Equals(p.Key, key, StringComparison.Ordinal))
            {
                return p.Value;
            }
        }

        return null;
    }

    public static int Count(List<QueryParameter> parameters, string key)
    {
        var n = 0;
        foreach (var p in parameters)
        {
            if (string.Equals(p.Key, key, StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }
}
