using System.Text;

namespace SageKeep.Scanning.Catalogers.Rust;

/// <summary>
/// The TOML subset Cargo writes in Cargo.lock (TOML 1.0: array-of-tables headers, key = basic string,
/// arrays over several lines). Values other than basic strings are skipped; bounded in line length and crate count.
/// </summary>
internal static class CargoLockParser
{
    internal const int MaxCrates = 100_000;
    internal const int MaxLineChars = 64 * 1024;

    public static (IReadOnlyList<CargoCrate> Crates, string? Error) Parse(string text)
    {
        var crates = new List<CargoCrate>();
        Dictionary<string, string>? current = null;
        var inArray = false;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            if (rawLine.Length > MaxLineChars)
            {
                return (crates, $"line {lineNumber} is longer than {MaxLineChars} characters");
            }

            var line = rawLine.Trim();
            if (inArray)
            {
                // Multi-line arrays (dependencies = [ ... ]) end at a line holding the closing bracket.
                inArray = !line.StartsWith(']');
                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (!Flush(current, crates, lineNumber, out var flushError))
                {
                    return (crates, flushError);
                }

                current = line == "[[package]]" ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (crates, $"line {lineNumber} is neither a table header nor 'key = value'");
            }

            var value = line[(equals + 1)..].Trim();
            if (value.StartsWith('[') && !value.EndsWith(']'))
            {
                inArray = true;
                continue;
            }

            if (current is not null && TryReadBasicString(value, out var s))
            {
                current.TryAdd(line[..equals].Trim(), s);
            }
        }

        return Flush(current, crates, lineNumber, out var error) ? (crates, null) : (crates, error);
    }

    private static bool Flush(Dictionary<string, string>? table, List<CargoCrate> crates, int lineNumber, out string? error)
    {
        error = null;
        if (table is null)
        {
            return true;
        }

        if (crates.Count >= MaxCrates)
        {
            error = $"more than {MaxCrates} packages";
            return false;
        }

        if (!table.TryGetValue("name", out var name) || !table.TryGetValue("version", out var version)
            || name.Length == 0 || version.Length == 0)
        {
            error = $"[[package]] table ending before line {lineNumber} has no name or version";
            return false;
        }

        crates.Add(new CargoCrate(name, version, table.GetValueOrDefault("source")));
        return true;
    }

    // A TOML basic string "..." with the escapes \" \\ \n \t \uXXXX; anything else is not a string value.
    private static bool TryReadBasicString(string value, out string result)
    {
        result = string.Empty;
        if (value.Length < 2 || value[0] != '"')
        {
            return false;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"')
            {
                result = builder.ToString();
                return true;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i >= value.Length)
            {
                return false;
            }

            switch (value[i])
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when i + 4 < value.Length && ushort.TryParse(value.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }
}
