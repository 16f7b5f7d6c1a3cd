namespace SageKeep.Server.Services.Iam.Store;

/// <summary>An expected IAM failure: the AWS error code (<c>NoSuchEntity</c>, <c>EntityAlreadyExists</c>...) and AWS's message.</summary>
internal sealed record IamError(string Code, string Message)
{
    public static IamError NoSuchEntity(string message) => new("NoSuchEntity", message);

    public static IamError AlreadyExists(string message) => new("EntityAlreadyExists", message);

    public static IamError LimitExceeded(string message) => new("LimitExceeded", message);

    public static IamError DeleteConflict(string message) => new("DeleteConflict", message);

    public static IamError Malformed(string message) => new("MalformedPolicyDocument", message);

    public static IamError Invalid(string message) => new("InvalidInput", message);

    public static IamError Validation(string message) => new("ValidationError", message);
}
