using System.Text.Json;

namespace SageKeep.Scanning.VulnDb;

/// <summary>
/// Recognises a feed's format from its first bytes: the JSON property names near the top (NVD "cve" or
/// "vulnerabilities", Alpine "distroversion"/"packages", OSV "id"/"affected"/"modified", Debian
/// package → CVE → "releases"), or YAML for the alpine-secdb repository's files.
/// </summary>
internal static class FeedDetector
{
    public const int PrefixBytes = 64 * 1024;

    public static FeedFormat? Detect(ReadOnlySpan<byte> prefix)
    {
        var text = prefix;
        if (text.StartsWith("\xEF\xBB\xBF"u8))
        {
            text = text[3..];
        }

        var first = FirstSignificant(text);
        if (first < 0)
        {
            return null;
        }

        if (text[first] is not ((byte)'{' or (byte)'['))
        {
            return text.IndexOf("distroversion"u8) >= 0 || text.IndexOf("secfixes"u8) >= 0 ? FeedFormat.AlpineSecDbYaml : null;
        }

        if (text[first] == '[')
        {
            return FeedFormat.Osv;
        }

        var names = new List<(int Depth, string Name)>();
        var reader = new Utf8JsonReader(text, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
        try
        {
            while (names.Count < 2000 && reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth <= 3)
                {
                    names.Add((reader.CurrentDepth, reader.GetString()!));
                }
            }
        }
        catch (JsonException)
        {
            // A malformed prefix is reported by the parser with its position; detection uses what it saw.
        }

        bool Top(string name) => names.Exists(n => n.Depth == 1 && n.Name == name);
        if (Top("cve") || Top("vulnerabilities") || Top("CVE_Items"))
        {
            return FeedFormat.Nvd;
        }

        if (Top("distroversion") || (Top("packages") && Top("reponame")))
        {
            return FeedFormat.AlpineSecDbJson;
        }

        if (Top("affected") || Top("schema_version") || (Top("id") && (Top("modified") || Top("details") || Top("summary") || Top("aliases") || Top("published"))))
        {
            return FeedFormat.Osv;
        }

        return names.Exists(n => n.Depth == 3 && n.Name is "releases" or "description" or "scope") ? FeedFormat.DebianTracker : null;
    }

    public static IFeedParser ParserFor(FeedFormat format) => format switch
    {
        FeedFormat.DebianTracker => new DebianTrackerParser(),
        FeedFormat.AlpineSecDbYaml => new AlpineSecDbParser(yaml: true),
        FeedFormat.AlpineSecDbJson => new AlpineSecDbParser(yaml: false),
        FeedFormat.Osv => new OsvParser(),
        _ => new NvdParser(),
    };

    private static int FirstSignificant(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return i;
            }
        }

        return -1;
    }
}
