using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Core.Errors;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// <c>sts:GetSessionToken</c> (STS API Reference, "GetSessionToken"): temporary credentials for the
/// root user or an IAM user, acting as that same identity. Like AWS it needs no permission, refuses
/// callers already using session credentials, and limits the root user to one hour. The model has
/// already checked DurationSeconds against 900..129600.
/// </summary>
internal sealed class GetSessionToken : IOperationHandler
{
    /// <summary>The default session length: 43,200 seconds (12 hours).</summary>
    internal const int DefaultDurationSeconds = 43_200;

    /// <summary>"Sessions for AWS account owners are restricted to a maximum of 3,600 seconds (one hour)."</summary>
    internal const int RootMaxDurationSeconds = 3_600;

    /// <summary>
    /// "No permissions are required for a user to get a session token" (IAM User Guide, "Permissions for
    /// GetSessionToken"); an explicit deny of sts:GetSessionToken still blocks it.
    /// </summary>
    public ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct) =>
        ValueTask.FromResult(AccessRequest.For("sts:GetSessionToken", "*") with { AllowedUnlessDenied = true });

    private readonly ICredentialSource _credentials;
    private readonly SessionTokenCodec _codec;
    private readonly TimeProvider _time;
    private readonly ILogger<GetSessionToken> _logger;

    public GetSessionToken(ICredentialSource credentials, SessionTokenCodec codec, TimeProvider time, ILogger<GetSessionToken> logger)
    {
        _credentials = credentials;
        _codec = codec;
        _time = time;
        _logger = logger;
    }

    public string Service => "sts";

    public string Operation => "GetSessionToken";

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        // Step 1: only long-term keys may ask (AWS: "Cannot call GetSessionToken with session credentials").
        if (context.Principal.IsTemporary)
        {
            return OperationResult.Fail(AwsError.Sender("AccessDenied", "Cannot call GetSessionToken with session credentials", 403));
        }

        // Step 2: MFA devices do not exist on this server yet, so a code cannot be checked: refuse
        // rather than issue a session that claims (or silently drops) MFA.
        if (context.Input["SerialNumber"] is not null || context.Input["TokenCode"] is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "MFA devices are not supported by this server: SerialNumber and TokenCode must be omitted."));
        }

        // Step 3: the caller's identity as the key store has it (the type decides the root limit).
        var lookup = await _credentials.FindAsync(context.Principal.AccessKeyId, ct).ConfigureAwait(false);
        if (lookup is not { Found: true, Status: CredentialStatus.Active, Principal: { } principal }
            || principal.Type is not (PrincipalType.Root or PrincipalType.User))
        {
            return OperationResult.Fail(AwsError.Sender("AccessDenied", "Cannot call GetSessionToken with these credentials", 403));
        }

        // Step 4: the duration: default 12 hours; the root user's sessions default to one hour when longer.
        var duration = InputValues.TryGetInt64(context.Input["DurationSeconds"], out var requested) ? requested : DefaultDurationSeconds;
        if (principal.Type == PrincipalType.Root)
        {
            duration = Math.Min(duration, RootMaxDurationSeconds);
        }

        // Step 5: issue; whole seconds, as the expiry is shown to people.
        var now = _time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var issued = _codec.Issue(principal, issuedAt, issuedAt.AddSeconds(duration), multiFactorAuthPresent: false);
        Log.SessionTokenIssued(_logger, issued.AccessKeyId, principal.Arn, principal.AccessKeyId, issued.Expiration);
        return OperationResult.Ok(new JsonObject
        {
            ["Credentials"] = new JsonObject
            {
                ["AccessKeyId"] = issued.AccessKeyId,
                ["SecretAccessKey"] = issued.SecretAccessKey,
                ["SessionToken"] = issued.SessionToken,
                ["Expiration"] = JsonValue.Create(issued.Expiration),
            },
        });
    }
}
