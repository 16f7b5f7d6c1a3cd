using System.Globalization;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// A single HTTP byte range (RFC 9110 section 14.1.2) resolved against an object's size. S3 serves one range
/// per request: <c>bytes=first-last</c>, <c>bytes=first-</c>, <c>bytes=-suffix</c>. A header it cannot read
/// is ignored (the whole object is sent); a readable range that starts past the end is unsatisfiable (416).
/// </summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    public static RangeResult Parse(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return RangeResult.Whole;
        }

        var text = header.Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || text.Contains(',', StringComparison.Ordinal))
        {
            return RangeResult.Whole;
        }

        var spec = text["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return RangeResult.Whole;
        }

        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        if (firstText.Length == 0)
        {
            // Suffix range: the last N bytes.
            if (!TryNumber(lastText, out var suffix))
            {
                return RangeResult.Whole;
            }

            if (suffix == 0 || size == 0)
            {
                return RangeResult.Unsatisfiable;
            }

            var length = Math.Min(suffix, size);
            return RangeResult.Partial(new ByteRange(size - length, length));
        }

        if (!TryNumber(firstText, out var first))
        {
            return RangeResult.Whole;
        }

        long last;
        if (lastText.Length == 0)
        {
            last = size - 1;
        }
        else if (!TryNumber(lastText, out last) || last < first)
        {
            return RangeResult.Whole;
        }

        if (first >= size)
        {
            return RangeResult.Unsatisfiable;
        }

        last = Math.Min(last, size - 1);
        return RangeResult.Partial(new ByteRange(first, last - first + 1));
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
