using System.Net;
using SageKeep.Security.Iam.Context;
using SageKeep.Security.Iam.Model;

namespace SageKeep.Security.Iam.Conditions;

/// <summary>The positive comparison of one request value with one policy value, per operator family.</summary>
internal static partial class ConditionEvaluator
{
    private static bool Matches(ConditionOperator op, ConditionValue policyValue, string requestValue, IPAddress? address, RequestContext context)
    {
        switch (op.Family)
        {
            case ConditionFamily.Text:
            case ConditionFamily.TextIgnoreCase:
                return MatchString(op, policyValue, requestValue, context);
            case ConditionFamily.Arn:
                return MatchArn(policyValue, requestValue, context);
            case ConditionFamily.Numeric:
                return Resolve(policyValue, context, op.Family) is double expected
                    && ConditionValue.ParseNumber(requestValue) is { } actual
                    && Compare(op.Comparison, actual.CompareTo(expected));
            case ConditionFamily.Date:
                return Resolve(policyValue, context, op.Family) is DateTimeOffset expectedDate
                    && ConditionValue.ParseDate(requestValue) is { } actualDate
                    && Compare(op.Comparison, actualDate.CompareTo(expectedDate));
            case ConditionFamily.Bool:
                return Resolve(policyValue, context, op.Family) is bool expectedBool
                    && ConditionValue.ParseBool(requestValue) == expectedBool;
            case ConditionFamily.Binary:
                return Resolve(policyValue, context, op.Family) is byte[] expectedBytes
                    && ConditionValue.Convert(requestValue, ConditionFamily.Binary) is byte[] actualBytes
                    && expectedBytes.AsSpan().SequenceEqual(actualBytes);
            case ConditionFamily.IpAddress:
                return Resolve(policyValue, context, op.Family) is CidrBlock block
                    && address is not null
                    && block.Contains(address);
            default:
                return false;
        }
    }

    private static bool Compare(Comparison comparison, int order) => comparison switch
    {
        Comparison.Equals => order == 0,
        Comparison.LessThan => order < 0,
        Comparison.LessThanEquals => order <= 0,
        Comparison.GreaterThan => order > 0,
        Comparison.GreaterThanEquals => order >= 0,
        _ => false,
    };

    private static bool MatchString(ConditionOperator op, ConditionValue policyValue, string requestValue, RequestContext context)
    {
        var ignoreCase = op.Family == ConditionFamily.TextIgnoreCase;
        if (op.Comparison == Comparison.Like)
        {
            if (policyValue.Template.Constant is { } pattern)
            {
                return pattern.IsMatch(requestValue);
            }

            return policyValue.Template.TryResolve(context, out var text, out var kinds)
                && Wildcard.Match(text, kinds, requestValue, ignoreCase);
        }

        var expected = policyValue.Template.ConstantText;
        if (expected is null && !policyValue.Template.TryResolveText(context, out expected))
        {
            return false;
        }

        return string.Equals(expected, requestValue, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>
    /// ArnEquals/ArnLike compare the six colon-delimited components separately, each with wildcards
    /// (IAM User Guide, "Amazon Resource Name (ARN) condition operators").
    /// </summary>
    private static bool MatchArn(ConditionValue policyValue, string requestValue, RequestContext context)
    {
        string text;
        byte[] kinds;
        if (policyValue.Template.ConstantText is { } constant)
        {
            text = constant;
            kinds = policyValue.ArnKinds!;
        }
        else if (!policyValue.Template.TryResolve(context, out text, out kinds))
        {
            return false;
        }

        ReadOnlySpan<char> pattern = text;
        ReadOnlySpan<byte> patternKinds = kinds;
        ReadOnlySpan<char> value = requestValue;
        for (var component = 0; component < 6; component++)
        {
            var last = component == 5;
            var p = last ? -1 : pattern.IndexOf(':');
            var v = last ? -1 : value.IndexOf(':');
            if (!last && (p < 0 || v < 0))
            {
                return false;
            }

            var pEnd = last ? pattern.Length : p;
            var vEnd = last ? value.Length : v;
            if (!Wildcard.Match(pattern[..pEnd], patternKinds[..pEnd], value[..vEnd], ignoreCase: false))
            {
                return false;
            }

            if (!last)
            {
                pattern = pattern[(p + 1)..];
                patternKinds = patternKinds[(p + 1)..];
                value = value[(v + 1)..];
            }
        }

        return true;
    }
}
