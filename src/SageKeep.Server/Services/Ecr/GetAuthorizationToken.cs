using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry;
using SageKeep.Server.Registry.Auth;

namespace SageKeep.Server.Services.Ecr;

/// <summary>
/// <c>ecr:GetAuthorizationToken</c> (ECR API Reference): base64("AWS:" + registry token), valid 12 hours,
/// acting as the caller. <c>aws ecr get-login-password</c> prints the part after "AWS:". The token is never logged.
/// </summary>
internal sealed class GetAuthorizationToken(RegistryTokenCodec tokens, TimeProvider time, ILogger<GetAuthorizationToken> logger) : IOperationHandler
{
    public string Service => "ecr";

    public string Operation => "GetAuthorizationToken";

    public ValueTask<OperationResult> HandleAsync(OperationContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        var issuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var expiresAt = issuedAt + RegistryLimits.TokenLifetime;
        var token = tokens.Issue(context.Principal, issuedAt, expiresAt);
        Log.TokenIssued(logger, context.Principal.Arn, context.Principal.AccessKeyId, expiresAt);
        return ValueTask.FromResult(OperationResult.Ok(new JsonObject
        {
            ["authorizationData"] = new JsonArray(new JsonObject
            {
                ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + token)),
                ["expiresAt"] = JsonValue.Create(expiresAt),
                ["proxyEndpoint"] = $"https://{context.HttpContext.Request.Host}",
            }),
        }));
    }
}
