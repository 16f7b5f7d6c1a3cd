using System.Text;

namespace SageKeep.Scanning.Catalogers.Dpkg;

/// <summary>
/// Reads deb822 control data (Debian Policy section 5.1, "Syntax of control files"): paragraphs separated by blank
/// lines, "Field: value" lines, continuation lines starting with a space or tab. Bounded in line length and
/// paragraph count; a malformed line is skipped and counted, never fatal.
/// </summary>
internal static class ControlParagraphs
{
    public const int MaxParagraphs = 200_000;
    public const int MaxLineLength = 1024 * 1024;

    public static async Task<(List<Dictionary<string, string>> Paragraphs, int MalformedLines)> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var paragraphs = new List<Dictionary<string, string>>();
        var malformed = 0;
        var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastField = null;
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 65536, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > MaxLineLength)
            {
                malformed++;
                continue;
            }

            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                // Only the single-line fields matter here; continuation lines (descriptions, conffiles) are skipped.
                if (lastField is null)
                {
                    malformed++;
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                malformed++;
                lastField = null;
                continue;
            }

            lastField = line[..colon];
            current[lastField] = line[(colon + 1)..].Trim();
        }

        Flush();
        return (paragraphs, malformed);

        void Flush()
        {
            if (current.Count > 0 && paragraphs.Count < MaxParagraphs)
            {
                paragraphs.Add(current);
            }

            current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            lastField = null;
        }
    }
}
