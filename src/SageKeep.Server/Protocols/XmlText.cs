using System.Text;
using System.Xml;

namespace SageKeep.Server.Protocols;

/// <summary>
/// Makes caller-controlled text safe for XML 1.0 (section 2.2, "Char"): characters XML cannot carry
/// (controls, lone surrogates) become U+FFFD instead of failing the whole response.
/// </summary>
internal static class XmlText
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (XmlConvert.IsXmlChar(c))
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            builder.Append('\uFFFD');
        }

        return builder?.ToString() ?? text;
    }
}
