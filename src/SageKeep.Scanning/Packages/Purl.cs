using System.Text;

namespace SageKeep.Scanning.Packages;

/// <summary>
/// Builds package URLs per the purl spec (github.com/package-url/purl-spec, PURL-SPECIFICATION.rst):
/// pkg:type/namespace/name@version?qualifiers, each segment percent-encoded, qualifiers sorted by key.
/// </summary>
public static class Purl
{
    public static string Build(string type, string? @namespace, string name, string? version, IEnumerable<KeyValuePair<string, string?>>? qualifiers = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder("pkg:").Append(type).Append('/');
        if (!string.IsNullOrEmpty(@namespace))
        {
            builder.Append(Encode(@namespace)).Append('/');
        }

        builder.Append(Encode(name));
        if (!string.IsNullOrEmpty(version))
        {
            builder.Append('@').Append(Encode(version));
        }

        var pairs = (qualifiers ?? []).Where(q => !string.IsNullOrEmpty(q.Value)).OrderBy(q => q.Key, StringComparer.Ordinal).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&').Append(pairs[i].Key).Append('=').Append(Encode(pairs[i].Value!));
        }

        return builder.ToString();
    }

    /// <summary>Percent-encodes everything but unreserved characters (RFC 3986 section 2.3); ':' is kept as the spec allows.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or ':')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
