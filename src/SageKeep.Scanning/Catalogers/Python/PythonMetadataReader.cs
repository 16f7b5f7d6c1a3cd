using System.Text;

namespace SageKeep.Scanning.Catalogers.Python;

/// <summary>
/// Reads the RFC 822 style header block of a Core Metadata file (METADATA / PKG-INFO), stopping at
/// the first blank line where the description body begins. Bounded in line length and header count.
/// </summary>
internal static class PythonMetadataReader
{
    internal const int MaxHeaderLines = 10_000;
    internal const int MaxLineChars = 64 * 1024;

    public static async Task<PythonMetadataHeaders> ReadHeadersAsync(Stream content, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(content, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        string? currentKey = null;
        var seenHeader = false;
        var lines = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (++lines > MaxHeaderLines)
            {
                return new(fields, $"metadata header has more than {MaxHeaderLines} lines");
            }

            if (line.Length > MaxLineChars)
            {
                return new(fields, $"metadata line {lines} is longer than {MaxLineChars} characters");
            }

            if (line.Length == 0)
            {
                break;
            }

            // Continuation lines (folded values) start with whitespace and extend the previous field.
            if (line[0] is ' ' or '\t')
            {
                if (!seenHeader)
                {
                    return new(fields, $"metadata line {lines} continues a header that does not exist");
                }

                if (currentKey is not null && fields.TryGetValue(currentKey, out var previous) && previous.Length < MaxLineChars)
                {
                    fields[currentKey] = previous + "\n" + line.Trim();
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return new(fields, $"metadata line {lines} is not a 'Field: value' header");
            }

            var key = line[..colon].Trim();
            seenHeader = true;

            // Repeated fields (Classifier, Requires-Dist) keep their first value; their continuations are skipped.
            currentKey = fields.TryAdd(key, line[(colon + 1)..].Trim()) ? key : null;
        }

        return new(fields, null);
    }
}
