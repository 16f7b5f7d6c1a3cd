using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Security.Sts;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// <c>sts:DecodeAuthorizationMessage</c>: opens the encoded authorization failure message of a denial
/// (EC2's UnauthorizedOperation carries one). Needs the sts:DecodeAuthorizationMessage permission, which
/// the endpoint checks before this runs; a message this installation did not seal is refused.
/// </summary>
internal sealed class DecodeAuthorizationMessage(AuthorizationMessageCodec codec) : IOperationHandler
{
    public string Service => "sts";

    public string Operation => "DecodeAuthorizationMessage";

    public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var decoded = InputValues.GetString(context.Input["EncodedMessage"]) is { } encoded ? codec.Open(encoded) : null;
        return ValueTask.FromResult(decoded is null
            ? OperationResult.Fail(AwsError.Sender("InvalidAuthorizationMessageException", "The encoded authorization message is invalid or was not issued by this account.", 400))
            : OperationResult.Ok(new JsonObject { ["DecodedMessage"] = decoded }));
    }
}
