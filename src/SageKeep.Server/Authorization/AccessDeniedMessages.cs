using SageKeep.Core.Errors;
using SageKeep.Security.Iam.Evaluation;
using SageKeep.Server.Protocols;

namespace SageKeep.Server.Authorization;

/// <summary>
/// AccessDenied errors worded as AWS words them (IAM User Guide, "Troubleshoot access denied error
/// messages"): who, which action on which resource, and which policy type denied or failed to allow it.
/// The error code and HTTP status follow the protocol: <c>AccessDeniedException</c> (JSON services, 400),
/// <c>AccessDenied</c> (query services and S3, 403), <c>UnauthorizedOperation</c> (EC2, 403).
/// </summary>
internal static class AccessDeniedMessages
{
    public static string Text(string principalArn, string action, string resource, PolicyDecision decision, bool quoteResource)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var target = quoteResource ? $"\"{resource}\"" : resource;
        var prefix = $"User: {principalArn} is not authorized to perform: {action} on resource: {target}";
        var source = decision.Statement?.Source ?? decision.DeniedBy ?? PolicySource.Identity;
        return decision.Decision == Decision.ExplicitDeny
            ? $"{prefix} with an explicit deny in {PolicyTypeName(source)}"
            : $"{prefix} because no {PolicyTypeNoun(source)} allows the {action} action";
    }

    /// <summary>
    /// The error for <paramref name="protocol"/>; EC2 appends the encoded authorization failure message
    /// (opened with sts:DecodeAuthorizationMessage) when there is one.
    /// </summary>
    public static AwsError Error(ProtocolKind protocol, string message, string? encodedMessage = null) => protocol switch
    {
        ProtocolKind.AwsJson or ProtocolKind.RestJson => AwsError.Sender("AccessDeniedException", message, 400),
        ProtocolKind.Ec2Query => AwsError.Sender(
            "UnauthorizedOperation",
            encodedMessage is null
                ? $"You are not authorized to perform this operation. {message}"
                : $"You are not authorized to perform this operation. {message}. Encoded authorization failure message: {encodedMessage}",
            403),
        ProtocolKind.Registry => AwsError.Sender("DENIED", message, 403),
        _ => AwsError.Sender("AccessDenied", message, 403),
    };

    private static string PolicyTypeName(PolicySource source) => source == PolicySource.Identity ? "an identity-based policy" : $"a {PolicyTypeNoun(source)}";

    private static string PolicyTypeNoun(PolicySource source) => source switch
    {
        PolicySource.PermissionsBoundary => "permissions boundary",
        PolicySource.Session => "session policy",
        PolicySource.Resource => "resource-based policy",
        _ => "identity-based policy",
    };
}
