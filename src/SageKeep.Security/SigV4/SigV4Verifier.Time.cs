using System.Globalization;

namespace SageKeep.Security.SigV4;

/// <summary>Request time, credential scope and validity window checks.</summary>
public sealed partial class SigV4Verifier
{
    private static (DateTimeOffset Time, string AmzDate)? ReadRequestTime(SigV4Headers headers, SigV4AuthParameters auth)
    {
        if (auth.Presigned)
        {
            return TryParseAmzDate(auth.QueryDate, out var presignedTime) ? (presignedTime, auth.QueryDate!) : null;
        }

        var amzDate = headers.GetFirst(SigV4Constants.HeaderDate);
        if (amzDate is not null)
        {
            var trimmed = amzDate.Trim();
            return TryParseAmzDate(trimmed, out var time) ? (time, trimmed) : null;
        }

        // RFC 9110 section 5.6.7 IMF-fixdate, the only Date form SigV4 clients send.
        var date = headers.GetFirst("Date");
        if (date is not null
            && DateTimeOffset.TryParseExact(date.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var httpDate))
        {
            return (httpDate, httpDate.ToString(SigV4Constants.AmzDateFormat, CultureInfo.InvariantCulture));
        }

        return null;
    }

    /// <summary>
    /// <c>yyyyMMdd'T'HHmmss'Z'</c> as UTC. The exact shape with a valid date is read directly (every
    /// signed request carries one); anything else goes through TryParseExact, which decides.
    /// </summary>
    internal static bool TryParseAmzDate(string? value, out DateTimeOffset time)
    {
        if (value is { Length: 16 } && value[8] == 'T' && value[15] == 'Z'
            && TryDigits(value, 0, 4, out var year) && TryDigits(value, 4, 2, out var month) && TryDigits(value, 6, 2, out var day)
            && TryDigits(value, 9, 2, out var hour) && TryDigits(value, 11, 2, out var minute) && TryDigits(value, 13, 2, out var second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60)
        {
            time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParseExact(
            value,
            SigV4Constants.AmzDateFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);
    }

    private static bool TryDigits(string value, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = value[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    /// <summary>Scope checks worded as AWS words them (messages end with ". " and are concatenated).</summary>
    private SigV4Result? CheckScope(string amzDate, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service, ReadOnlySpan<char> terminator, string expectedService)
    {
        if (!date.SequenceEqual(amzDate.AsSpan(0, 8)))
        {
            return SigV4Result.Fail(
                SigV4Failure.InvalidCredentialScope,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{Sanitize(date)}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        var message = string.Empty;
        if (!region.SequenceEqual(_options.Region))
        {
            message += $"Credential should be scoped to a valid region, not '{Sanitize(region)}'. ";
        }

        if (!service.SequenceEqual(expectedService))
        {
            message += $"Credential should be scoped to correct service: '{expectedService}'. ";
        }

        if (!terminator.SequenceEqual(SigV4Constants.Terminator))
        {
            message += $"Credential should be scoped with a valid terminator: 'aws4_request', not '{Sanitize(terminator)}'. ";
        }

        return message.Length == 0 ? null : SigV4Result.Fail(SigV4Failure.InvalidCredentialScope, message);
    }

    private SigV4Result? CheckTime(DateTimeOffset requestTime, SigV4AuthParameters auth, TimeSpan skew)
    {
        var now = _time.GetUtcNow();
        var minutes = (int)Math.Round(skew.TotalMinutes);
        if (requestTime > now + skew)
        {
            return SigV4Result.Fail(
                SigV4Failure.RequestTimeSkewed,
                $"Signature not yet current: {Format(requestTime)} is still later than {Format(now + skew)} ({Format(now)} + {minutes} min.)");
        }

        if (auth.Presigned)
        {
            // A presigned URL is valid from X-Amz-Date for X-Amz-Expires seconds (S3 API Reference,
            // "Authenticating Requests: Using Query Parameters").
            var expiry = requestTime.AddSeconds(auth.ExpiresSeconds);
            return now > expiry
                ? SigV4Result.Fail(SigV4Failure.PresignedUrlExpired, $"Request has expired: {Format(expiry)} is earlier than {Format(now)}.")
                : null;
        }

        if (requestTime < now - skew)
        {
            return SigV4Result.Fail(
                SigV4Failure.RequestTimeSkewed,
                $"Signature expired: {Format(requestTime)} is now earlier than {Format(now - skew)} ({Format(now)} - {minutes} min.)");
        }

        return null;
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(SigV4Constants.AmzDateFormat, CultureInfo.InvariantCulture);
}
