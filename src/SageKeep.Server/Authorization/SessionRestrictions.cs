using SageKeep.Core.Errors;
using SageKeep.Core.Identity;

namespace SageKeep.Server.Authorization;

/// <summary>
/// What temporary credentials from GetSessionToken may not do, whatever the policies say (IAM User Guide,
/// "Comparing the AWS STS API operations"): without MFA they cannot call the IAM API, which answers as if
/// the token were invalid. Role sessions are not limited this way.
/// </summary>
internal static class SessionRestrictions
{
    public static AwsError? Check(AwsPrincipal principal, string service)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal is { IsTemporary: true, Role: null, MultiFactorAuthPresent: false } && service == "iam"
            ? AwsError.Sender("InvalidClientTokenId", "The security token included in the request is invalid", 403)
            : null;
    }
}
