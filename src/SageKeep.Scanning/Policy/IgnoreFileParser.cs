using System.Globalization;
using SageKeep.Scanning.VulnDb;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SageKeep.Scanning.Policy;

/// <summary>
/// Reads an ignore file, in one of two forms (docs/scan-report.md, "Ignore files"):
/// <list type="bullet">
/// <item>YAML (<c>.yaml</c>/<c>.yml</c>, or a document starting with <c>ignore:</c>): a list under <c>ignore</c> of
/// entries with <c>id</c>, optional <c>package</c>, <c>expires</c> (YYYY-MM-DD) and <c>reason</c>;</item>
/// <item>plain (<c>.sagekeepignore</c>): one entry a line, <c>ID [package=NAME] [expires=YYYY-MM-DD] [reason=TEXT…]</c>,
/// <c>#</c> starts a comment line.</item>
/// </list>
/// </summary>
public static class IgnoreFileParser
{
    public const int MaxBytes = 1024 * 1024;

    /// <exception cref="PolicyFileException">Missing, too large, or an entry that does not parse.</exception>
    public static IReadOnlyList<IgnoreRule> Load(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PolicyFileException($"{name}: no such file");
            }

            if (info.Length > MaxBytes)
            {
                throw new PolicyFileException($"{name}: larger than {MaxBytes} bytes");
            }

            return Parse(File.ReadAllText(path), name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException($"{name}: cannot be read: {e.Message}", e);
        }
    }

    public static IReadOnlyList<IgnoreRule> Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var yaml = name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || text.TrimStart().StartsWith("ignore:", StringComparison.Ordinal);
        return yaml ? ParseYaml(text, name) : ParsePlain(text, name);
    }

    private static List<IgnoreRule> ParsePlain(string text, string name)
    {
        var rules = new List<IgnoreRule>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var where = $"{name}: line {lineNumber}";
            var reasonAt = line.IndexOf(" reason=", StringComparison.Ordinal);
            var reason = reasonAt < 0 ? null : line[(reasonAt + 8)..].Trim();
            var tokens = (reasonAt < 0 ? line : line[..reasonAt]).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string? package = null;
            DateOnly? expires = null;
            foreach (var token in tokens.Skip(1))
            {
                if (token.StartsWith("package=", StringComparison.Ordinal))
                {
                    package = token[8..];
                }
                else if (token.StartsWith("expires=", StringComparison.Ordinal))
                {
                    expires = Date(token[8..], where);
                }
                else
                {
                    throw new PolicyFileException($"{where}: unknown field '{token}' (package=, expires=, reason=)");
                }
            }

            rules.Add(new IgnoreRule(Id(tokens[0], where), package, expires, reason is { Length: > 0 } ? reason : null));
        }

        return rules;
    }

    private static List<IgnoreRule> ParseYaml(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(text)), 16, name));
        }
        catch (YamlException e)
        {
            throw new PolicyFileException($"{name}: invalid YAML at line {e.Start.Line}: {e.Message}", e);
        }
        catch (FeedException e)
        {
            throw new PolicyFileException(e.Message, e);
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("ignore"), out var list))
        {
            throw new PolicyFileException($"{name}: expected a mapping with an 'ignore' list");
        }

        if (list is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (list is not YamlSequenceNode entries)
        {
            throw new PolicyFileException($"{name}: 'ignore' must be a list");
        }

        var rules = new List<IgnoreRule>();
        foreach (var entry in entries)
        {
            var where = $"{name}: line {entry.Start.Line}";
            if (entry is not YamlMappingNode map)
            {
                throw new PolicyFileException($"{where}: an entry must be a mapping with id, package, expires, reason");
            }

            string? Field(string key)
            {
                if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
                {
                    return null;
                }

                return node is YamlScalarNode scalar ? scalar.Value : throw new PolicyFileException($"{where}: '{key}' must be a single value");
            }

            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: "id" or "package" or "expires" or "reason" })
                {
                    throw new PolicyFileException($"{where}: unknown field '{key}' (id, package, expires, reason)");
                }
            }

            var expires = Field("expires") is { Length: > 0 } e ? Date(e, where) : (DateOnly?)null;
            rules.Add(new IgnoreRule(Id(Field("id"), where), Field("package") is { Length: > 0 } p ? p : null, expires, Field("reason") is { Length: > 0 } r ? r : null));
        }

        return rules;
    }

    private static string Id(string? id, string where) =>
        id is { Length: > 0 and <= 128 } && !id.Any(char.IsWhiteSpace) ? id : throw new PolicyFileException($"{where}: an entry needs a vulnerability id");

    private static DateOnly Date(string text, string where) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new PolicyFileException($"{where}: expires '{text}' is not a date (YYYY-MM-DD)");
}
