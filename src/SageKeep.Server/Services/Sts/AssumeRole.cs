using System.Text.Json.Nodes;
using SageKeep.Core.Errors;
using SageKeep.Security.Credentials;
using SageKeep.Security.Sts;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Protocols.Validation;
using SageKeep.Server.Services.Iam.Store;

namespace SageKeep.Server.Services.Sts;

/// <summary>
/// <c>sts:AssumeRole</c>: temporary credentials of an assumed-role session. The endpoint has already
/// required that the caller's identity policies allow sts:AssumeRole on the role (or that the trust policy
/// names the caller directly) and that the role's trust policy allows the caller, with sts:ExternalId,
/// sts:RoleSessionName, sts:SourceIdentity and the request tags as context keys. Here: the root user is
/// refused as AWS refuses it, the duration is checked against the role and the one-hour limit of role
/// chaining, session policies are validated and measured, and the session is sealed into the token.
/// </summary>
internal sealed partial class AssumeRole(IamStore iam, SessionTokenCodec codec, IAuthorizer authorizer, TimeProvider time) : IOperationHandler
{
    public const int DefaultDurationSeconds = 3_600;
    public const int ChainedMaxDurationSeconds = 3_600;

    public string Service => "sts";

    public string Operation => "AssumeRole";

    public async ValueTask<AccessRequest> DescribeAccessAsync(OperationContext context, CancellationToken ct)
    {
        var roleArn = InputValues.GetString(context.Input["RoleArn"]) ?? "*";
        if (PrincipalArns.IsRoot(context.Principal.Arn))
        {
            // The handler answers the root user with AWS's own refusal.
            return AccessRequest.For("sts:AssumeRole", roleArn);
        }

        var role = await FindRoleAsync(context, roleArn, ct).ConfigureAwait(false);
        return AccessFor("sts:AssumeRole", roleArn, role, context.Input);
    }

    public async ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        var input = context.Input;
        var roleArn = InputValues.GetString(input["RoleArn"])!;
        var sessionName = InputValues.GetString(input["RoleSessionName"])!;

        // Step 1: AWS refuses the root user outright, and MFA devices do not exist here.
        if (PrincipalArns.IsRoot(context.Principal.Arn))
        {
            return OperationResult.Fail(AwsError.Sender("AccessDenied", "Roles may not be assumed by root accounts.", 403));
        }

        if (input["SerialNumber"] is not null || input["TokenCode"] is not null)
        {
            return OperationResult.Fail(ProtocolErrors.Validation(context.Protocol, "MFA devices are not supported by this server: SerialNumber and TokenCode must be omitted."));
        }

        // Step 2: the role (authorisation already refused a missing one; it may have gone since).
        if (await FindRoleAsync(context, roleArn, ct).ConfigureAwait(false) is not { } role)
        {
            return OperationResult.Fail(AwsError.Sender("AccessDenied", $"User: {context.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403));
        }

        // Step 3: the duration, within the role's maximum and, for role chaining, one hour.
        var chained = context.Principal.IsTemporary && PrincipalArns.IsAssumedRole(context.Principal.Arn);
        var duration = InputValues.TryGetInt64(input["DurationSeconds"], out var requested) ? requested : DefaultDurationSeconds;
        if (chained && duration > ChainedMaxDurationSeconds)
        {
            return OperationResult.Fail(AwsError.Sender("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400));
        }

        if (duration > role.MaxSessionDuration)
        {
            return OperationResult.Fail(AwsError.Sender("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400));
        }

        // Step 4: session policies and tags: valid, within the packed size, and tagging allowed.
        var session = ReadSession(input, role, sessionName, chained, context.Principal.Role);
        if (session.Error is not null)
        {
            return OperationResult.Fail(session.Error);
        }

        if (session.Role!.Tags.Count > 0 || session.Role.SourceIdentity is not null)
        {
            var extra = session.Role.Tags.Count > 0 ? "sts:TagSession" : "sts:SetSourceIdentity";
            var allowed = await authorizer.AuthorizeAsync(context, AccessFor(extra, role.Arn, role, input), ct).ConfigureAwait(false);
            if (!allowed.IsAllowed)
            {
                return OperationResult.Fail(allowed.Error!);
            }
        }

        // Step 5: issue, in whole seconds.
        var now = time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var sessionArn = $"arn:aws:sts::{role.Arn.Split(':')[4]}:assumed-role/{role.RoleName}/{sessionName}";
        var assumedRoleId = $"{role.RoleId}:{sessionName}";
        var identity = new PrincipalInfo(context.Principal.AccountId, sessionArn, assumedRoleId, PrincipalType.AssumedRole, context.Principal.AccessKeyId);
        var issued = codec.Issue(identity, issuedAt, issuedAt.AddSeconds(duration), multiFactorAuthPresent: false, session.Role);
        var output = new JsonObject
        {
            ["Credentials"] = new JsonObject
            {
                ["AccessKeyId"] = issued.AccessKeyId,
                ["SecretAccessKey"] = issued.SecretAccessKey,
                ["SessionToken"] = issued.SessionToken,
                ["Expiration"] = JsonValue.Create(issued.Expiration),
            },
            ["AssumedRoleUser"] = new JsonObject { ["AssumedRoleId"] = assumedRoleId, ["Arn"] = sessionArn },
            ["PackedPolicySize"] = session.PackedPercent,
        };
        if (session.Role.SourceIdentity is { } sourceIdentity)
        {
            output["SourceIdentity"] = sourceIdentity;
        }

        return OperationResult.Ok(output);
    }

    /// <summary>The role, looked up once per request (authorisation and the handler both need it).</summary>
    private async Task<IamRole?> FindRoleAsync(OperationContext context, string roleArn, CancellationToken ct)
    {
        const string Item = "SageKeep.Sts.AssumeRole.Role";
        if (context.HttpContext.Items.TryGetValue(Item, out var cached))
        {
            return cached as IamRole;
        }

        var role = roleArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) && roleArn.Contains(":role/", StringComparison.Ordinal)
            ? await iam.FindRoleAsync(roleArn, ct).ConfigureAwait(false)
            : null;
        role = role is not null && role.Arn == roleArn ? role : null;
        context.HttpContext.Items[Item] = role;
        return role;
    }
}
