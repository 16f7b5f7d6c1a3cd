namespace SageKeep.Scanning.Catalogers.Java;

/// <summary>
/// The subset of java.util.Properties text format Maven writes in pom.properties: "key=value" or
/// "key: value" lines, '#' and '!' comments. Escapes and continuation lines are not needed there.
/// </summary>
internal static class JavaProperties
{
    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                continue;
            }

            result.TryAdd(line[..separator].Trim(), line[(separator + 1)..].Trim());
        }

        return result;
    }
}
