using SageKeep.Core.Errors;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Iam;

/// <summary>IAM's expected failures as AWS answers them (IAM API Reference, each action's "Errors"): code and HTTP status.</summary>
internal static class IamErrors
{
    public static AwsError ToAws(IamError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.Code switch
        {
            "NoSuchEntity" => 404,
            "EntityAlreadyExists" or "LimitExceeded" or "DeleteConflict" => 409,
            _ => 400,
        };
        return AwsError.Sender(error.Code, error.Message, status);
    }
}
