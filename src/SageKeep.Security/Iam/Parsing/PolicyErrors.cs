namespace SageKeep.Security.Iam.Parsing;

/// <summary>The MalformedPolicyDocument messages, worded as IAM words them where IAM has a fixed text.</summary>
internal static class PolicyErrors
{
    public const string Syntax = "Syntax errors in policy.";
    public const string LegacyParsing = "The policy failed legacy parsing";
    public const string MissingStatement = "Missing required field Statement";
    public const string EmptyStatement = "Policy document must contain at least one statement";
    public const string MissingEffect = "Missing required field Effect";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string PrincipalInIdentityPolicy = "Policy document should not specify a principal.";
    public const string InvalidAction = "Policy has invalid action";
    public const string VendorPrefix = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string SidNotAlphanumeric =
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string SidNotUnique = "Statement IDs (SID) in a single policy must be unique.";
    public const string ResourceInTrustPolicy = "Has prohibited field Resource";

    public static string TooLarge(int limit) => $"Policy document exceeds the maximum size of {limit} bytes";

    public static string TooDeep(int limit) => $"Policy document nests deeper than {limit} levels";

    public static string TooMany(string element, int limit) => $"{element} has more than {limit} entries";

    public static string UnknownField(string name) => $"Unknown field {name}";

    public static string InvalidEffect(string effect) => $"Invalid effect: {effect}";

    public static string Both(string element) => $"Statement must not contain both {element} and Not{element}";

    public static string NotStringOrArray(string element) => $"{element} must be a string or an array of strings";

    public static string InvalidResource(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static string InvalidPrincipal(string type, string value) => $"Invalid principal in policy: \"{type}\":\"{value}\"";

    public static string InvalidConditionType(string name) => $"Invalid Condition type : {name}";

    public static string InvalidConditionValue(string key) => $"Invalid value for condition key {key}";
}
