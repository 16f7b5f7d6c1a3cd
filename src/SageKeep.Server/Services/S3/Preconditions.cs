using System.Globalization;

namespace SageKeep.Server.Services.S3;

/// <summary>
/// Conditional GET/HEAD (RFC 9110 section 13.2.2 order, as S3 applies it): If-Match, else
/// If-Unmodified-Since → 412 PreconditionFailed; then If-None-Match, else If-Modified-Since → 304.
/// A date that cannot be parsed is ignored, as HTTP requires.
/// </summary>
internal static class Preconditions
{
    public static PreconditionOutcome Evaluate(string? ifMatch, string? ifNoneMatch, string? ifModifiedSince, string? ifUnmodifiedSince, string etag, DateTimeOffset lastModified)
    {
        if (ifMatch is not null)
        {
            if (!Matches(ifMatch, etag))
            {
                return PreconditionOutcome.PreconditionFailed;
            }
        }
        else if (TryDate(ifUnmodifiedSince, out var unmodifiedSince) && lastModified > unmodifiedSince)
        {
            return PreconditionOutcome.PreconditionFailed;
        }

        if (ifNoneMatch is not null)
        {
            if (Matches(ifNoneMatch, etag))
            {
                return PreconditionOutcome.NotModified;
            }
        }
        else if (TryDate(ifModifiedSince, out var modifiedSince) && lastModified <= modifiedSince)
        {
            return PreconditionOutcome.NotModified;
        }

        return PreconditionOutcome.Proceed;
    }

    /// <summary>True when the list names the ETag (quotes and W/ optional) or is <c>*</c>.</summary>
    public static bool Matches(string list, string etag)
    {
        var bare = etag.Trim('"');
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = item.StartsWith("W/", StringComparison.Ordinal) ? item[2..] : item;
            if (candidate == "*" || candidate.Trim('"') == bare)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryDate(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
