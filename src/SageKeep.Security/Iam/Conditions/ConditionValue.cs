using System.Globalization;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Conditions;

/// <summary>
/// One value of a condition key in a policy. Constant values are converted once for their operator
/// (number, date, CIDR, bytes); values with policy variables are resolved per request.
/// </summary>
internal sealed class ConditionValue
{
    public ConditionValue(PolicyTemplate template, ConditionFamily family)
    {
        Template = template;
        if (template.ConstantText is { } text)
        {
            Typed = Convert(text, family);
            ArnKinds = family == ConditionFamily.Arn ? Wildcard.KindsOf(text) : null;
        }
    }

    /// <summary>For a constant Arn operator value: which characters are wildcards, computed once.</summary>
    public byte[]? ArnKinds { get; }

    public PolicyTemplate Template { get; }

    /// <summary>The converted constant (double, DateTimeOffset, CidrBlock, byte[], bool), or null if unconvertible or variable.</summary>
    public object? Typed { get; }

    public static object? Convert(string text, ConditionFamily family) => family switch
    {
        ConditionFamily.Numeric => ParseNumber(text),
        ConditionFamily.Date => ParseDate(text),
        ConditionFamily.IpAddress => CidrBlock.TryParse(text),
        ConditionFamily.Binary => ParseBase64(text),
        ConditionFamily.Bool or ConditionFamily.Null => ParseBool(text),
        _ => null,
    };

    public static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>ISO 8601 date/time, or seconds since the epoch (IAM User Guide, "Date condition operators").</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && double.IsFinite(epoch))
        {
            return epoch is > -62135596800 and < 253402300799
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000))
                : null;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var date) ? date : null;
    }

    public static bool? ParseBool(string text) =>
        string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    private static byte[]? ParseBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return System.Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
