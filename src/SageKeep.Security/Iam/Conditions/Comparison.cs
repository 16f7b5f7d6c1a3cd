namespace SageKeep.Security.Iam.Conditions;

/// <summary>The positive comparison behind an operator; negated operators set <see cref="ConditionOperator.Negated"/>.</summary>
public enum Comparison
{
    Equals,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}
