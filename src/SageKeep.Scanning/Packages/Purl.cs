using System.Text;

namespace SageKeep.Scanning.Packages;

/// <summary>
/// Builds canonical package URLs (purl-spec, "How to build purl string from its components";
/// ECMA-427 "Character encoding"): <c>pkg:type/namespace/name@version?qualifiers#subpath</c>.
/// </summary>
public static class Purl
{
    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>Builds a canonical purl; throws <see cref="ArgumentException"/> for components the spec forbids (a caller bug).</summary>
    public static string Build(
        string type,
        string? @namespace,
        string name,
        string? version,
        IEnumerable<KeyValuePair<string, string?>>? qualifiers = null,
        string? subpath = null) =>
        TryBuild(type, @namespace, name, version, qualifiers, subpath, out var purl, out var error)
            ? purl
            : throw new ArgumentException(error);

    /// <summary>Shorthand for the catalogers: <c>pkg:type/[namespace/]name@version</c>.</summary>
    public static string For(string type, string? @namespace, string name, string version) =>
        Build(type, @namespace, name, version);

    /// <summary>Builds a canonical purl or says which component is invalid.</summary>
    public static bool TryBuild(
        string type,
        string? @namespace,
        string? name,
        string? version,
        IEnumerable<KeyValuePair<string, string?>>? qualifiers,
        string? subpath,
        out string purl,
        out string error)
    {
        purl = string.Empty;
        error = string.Empty;

        // Step 1: the type is ASCII letters, digits, '.', '-' (not leading a digit) and is lowercased.
        if (!IsValidType(type))
        {
            error = $"purl type '{type}' is empty or has characters other than letters, digits, '.' and '-'";
            return false;
        }

        var lowerType = type.ToLowerInvariant();
        var normalisedName = NormaliseName(lowerType, (name ?? string.Empty).Trim('/'));
        if (normalisedName.Length == 0)
        {
            error = "purl name is required";
            return false;
        }

        var builder = new StringBuilder("pkg:").Append(lowerType).Append('/');

        // Step 2: namespace segments, each percent-encoded; empty segments are dropped.
        if (!string.IsNullOrEmpty(@namespace))
        {
            var segments = @namespace.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            foreach (var segment in segments)
            {
                AppendEncoded(builder, NormaliseNamespace(lowerType, segment), keepSlash: false).Append('/');
            }
        }

        // Step 3: name and version.
        AppendEncoded(builder, normalisedName, keepSlash: false);
        if (!string.IsNullOrEmpty(version))
        {
            AppendEncoded(builder.Append('@'), version, keepSlash: false);
        }

        // Step 4: qualifiers with lowercased keys, empty values dropped, sorted by key.
        if (qualifiers is not null && !AppendQualifiers(builder, qualifiers, out error))
        {
            return false;
        }

        // Step 5: subpath segments without empty, '.' and '..'.
        if (!string.IsNullOrEmpty(subpath))
        {
            var segments = subpath.Trim('/').Split('/')
                .Where(s => s.Length > 0 && s != "." && s != "..")
                .ToList();
            for (var i = 0; i < segments.Count; i++)
            {
                builder.Append(i == 0 ? '#' : '/');
                AppendEncoded(builder, segments[i], keepSlash: false);
            }
        }

        purl = builder.ToString();
        return true;
    }

    /// <summary>
    /// Percent-encodes UTF-8 octets outside the allowed set: ASCII letters and digits, the punctuation
    /// '.', '-', '_', '~' and the colon (never encoded); optionally '/' (qualifier values).
    /// </summary>
    public static string PercentEncode(string value, bool keepSlash = false) =>
        AppendEncoded(new StringBuilder(value.Length), value, keepSlash).ToString();

    private static bool AppendQualifiers(
        StringBuilder builder, IEnumerable<KeyValuePair<string, string?>> qualifiers, out string error)
    {
        error = string.Empty;
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in qualifiers)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var key = rawKey.ToLowerInvariant();
            if (!IsValidQualifierKey(key))
            {
                error = $"purl qualifier key '{rawKey}' must be ASCII letters, digits, '.', '-', '_' and not start with a digit";
                return false;
            }

            if (!pairs.TryAdd(key, value))
            {
                error = $"purl qualifier key '{key}' appears twice";
                return false;
            }
        }

        var first = true;
        foreach (var (key, value) in pairs)
        {
            builder.Append(first ? '?' : '&').Append(key).Append('=');
            AppendEncoded(builder, value, keepSlash: true);
            first = false;
        }

        return true;
    }

    private static StringBuilder AppendEncoded(StringBuilder builder, string value, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnencoded(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsSurrogatePair(value, i)
                ? Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            if (char.IsSurrogatePair(value, i))
            {
                i++;
            }

            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }

        return builder;
    }

    private static bool IsUnencoded(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~' or ':';

    private static bool IsValidType(string type) =>
        type.Length > 0
        && !char.IsAsciiDigit(type[0])
        && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

    private static bool IsValidQualifierKey(string key) =>
        key.Length > 0
        && !char.IsAsciiDigit(key[0])
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    // Type-specific rules from PURL-TYPES: pypi names are PEP 503 normalised (lowercase, runs of
    // '-', '_', '.' become one '-'); npm, github and bitbucket lowercase; maven, nuget, golang, cargo keep case.
    private static string NormaliseName(string type, string name) => type switch
    {
        "pypi" => Pep503(name),
        "npm" or "github" or "bitbucket" => name.ToLowerInvariant(),
        _ => name,
    };

    private static string Pep503(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length == 0 || builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static string NormaliseNamespace(string type, string segment) => type switch
    {
        "npm" or "github" or "bitbucket" => segment.ToLowerInvariant(),
        _ => segment,
    };
}
