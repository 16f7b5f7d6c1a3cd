namespace SageKeep.Security.Iam.Conditions;

/// <summary>How a condition operator interprets values (IAM User Guide, "IAM JSON policy elements: Condition operators").</summary>
public enum ConditionFamily
{
    Text,
    TextIgnoreCase,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}
