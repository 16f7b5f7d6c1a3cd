using System.Text;

namespace SageKeep.Server.Protocols.Query;

/// <summary>
/// Parses <c>application/x-www-form-urlencoded</c> text (HTML "application/x-www-form-urlencoded
/// parsing": '&amp;'-separated, '+' is a space, percent-escapes are UTF-8) with a bound on the number of
/// parameters. The first occurrence of a repeated name wins.
/// </summary>
internal static class FormParser
{
    public static Dictionary<string, string>? TryParse(string text, int maxParameters, out string? error)
    {
        error = null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var range in text.AsSpan().Split('&'))
        {
            var pair = text.AsSpan(range);
            if (pair.IsEmpty)
            {
                continue;
            }

            if (++count > maxParameters)
            {
                error = $"The request has more than {maxParameters} parameters.";
                return null;
            }

            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            result.TryAdd(name, value);
        }

        return result;
    }

    public static Dictionary<string, string>? TryParse(ReadOnlySpan<byte> body, int maxParameters, out string? error) =>
        TryParse(Encoding.UTF8.GetString(body), maxParameters, out error);

    private static string Decode(ReadOnlySpan<char> encoded)
    {
        if (encoded.IndexOfAny('+', '%') < 0)
        {
            return encoded.ToString();
        }

        // Uri.UnescapeDataString leaves invalid escapes as they are and decodes UTF-8 sequences.
        return Uri.UnescapeDataString(encoded.ToString().Replace('+', ' '));
    }
}
