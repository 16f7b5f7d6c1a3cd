namespace SageKeep.Security.Iam.Conditions;

/// <summary>A parsed condition operator such as <c>ForAllValues:StringNotLikeIfExists</c>.</summary>
public sealed record ConditionOperator(
    string Name,
    ConditionFamily Family,
    Comparison Comparison,
    bool Negated,
    bool IfExists,
    SetQualifier Qualifier)
{
    private static readonly Dictionary<string, (ConditionFamily Family, Comparison Comparison, bool Negated)> BaseOperators =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["StringEquals"] = (ConditionFamily.Text, Comparison.Equals, false),
            ["StringNotEquals"] = (ConditionFamily.Text, Comparison.Equals, true),
            ["StringEqualsIgnoreCase"] = (ConditionFamily.TextIgnoreCase, Comparison.Equals, false),
            ["StringNotEqualsIgnoreCase"] = (ConditionFamily.TextIgnoreCase, Comparison.Equals, true),
            ["StringLike"] = (ConditionFamily.Text, Comparison.Like, false),
            ["StringNotLike"] = (ConditionFamily.Text, Comparison.Like, true),
            ["NumericEquals"] = (ConditionFamily.Numeric, Comparison.Equals, false),
            ["NumericNotEquals"] = (ConditionFamily.Numeric, Comparison.Equals, true),
            ["NumericLessThan"] = (ConditionFamily.Numeric, Comparison.LessThan, false),
            ["NumericLessThanEquals"] = (ConditionFamily.Numeric, Comparison.LessThanEquals, false),
            ["NumericGreaterThan"] = (ConditionFamily.Numeric, Comparison.GreaterThan, false),
            ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, Comparison.GreaterThanEquals, false),
            ["DateEquals"] = (ConditionFamily.Date, Comparison.Equals, false),
            ["DateNotEquals"] = (ConditionFamily.Date, Comparison.Equals, true),
            ["DateLessThan"] = (ConditionFamily.Date, Comparison.LessThan, false),
            ["DateLessThanEquals"] = (ConditionFamily.Date, Comparison.LessThanEquals, false),
            ["DateGreaterThan"] = (ConditionFamily.Date, Comparison.GreaterThan, false),
            ["DateGreaterThanEquals"] = (ConditionFamily.Date, Comparison.GreaterThanEquals, false),
            ["Bool"] = (ConditionFamily.Bool, Comparison.Equals, false),
            ["BinaryEquals"] = (ConditionFamily.Binary, Comparison.Equals, false),
            ["IpAddress"] = (ConditionFamily.IpAddress, Comparison.Equals, false),
            ["NotIpAddress"] = (ConditionFamily.IpAddress, Comparison.Equals, true),
            ["ArnEquals"] = (ConditionFamily.Arn, Comparison.Like, false),
            ["ArnLike"] = (ConditionFamily.Arn, Comparison.Like, false),
            ["ArnNotEquals"] = (ConditionFamily.Arn, Comparison.Like, true),
            ["ArnNotLike"] = (ConditionFamily.Arn, Comparison.Like, true),
            ["Null"] = (ConditionFamily.Null, Comparison.Equals, false),
        };

    /// <summary>Parses "[ForAnyValue:|ForAllValues:]Operator[IfExists]"; null when it is no IAM operator.</summary>
    public static ConditionOperator? TryParse(string name)
    {
        var rest = name.AsSpan();
        var qualifier = SetQualifier.None;
        if (rest.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        else if (rest.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }

        var ifExists = false;
        var lookup = BaseOperators.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(rest, out var op) && rest.EndsWith("IfExists", StringComparison.OrdinalIgnoreCase))
        {
            ifExists = true;
            rest = rest[..^"IfExists".Length];
            if (!lookup.TryGetValue(rest, out op))
            {
                return null;
            }
        }
        else if (!lookup.TryGetValue(rest, out op))
        {
            return null;
        }

        // Null tests presence itself: it has neither an IfExists form nor a set form.
        if (op.Family == ConditionFamily.Null && (ifExists || qualifier != SetQualifier.None))
        {
            return null;
        }

        return new ConditionOperator(name, op.Family, op.Comparison, op.Negated, ifExists, qualifier);
    }
}
