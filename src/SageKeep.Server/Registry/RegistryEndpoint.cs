using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SageKeep.Core;
using SageKeep.Security.Credentials;
using SageKeep.Server.Audit;
using SageKeep.Server.Authorization;
using SageKeep.Server.Protocols;
using SageKeep.Server.Registry.Auth;
using SageKeep.Server.Registry.Scanning;
using SageKeep.Server.Registry.Storage;

namespace SageKeep.Server.Registry;

/// <summary>
/// The OCI distribution API under <c>/v2/</c> (OCI distribution spec v1.1) with ECR's authentication:
/// Basic auth with user <c>AWS</c> and a registry token from <c>ecr:GetAuthorizationToken</c>; every call
/// is authorised with the caller's IAM policies as the ECR action it corresponds to, on the repository's
/// ARN, and audited. Errors use the spec's <c>{"errors":[...]}</c> shape.
/// </summary>
internal sealed partial class RegistryEndpoint(
    RegistryStore store,
    BlobStore blobs,
    UploadSessions uploads,
    RegistryTokenCodec tokens,
    IAuthorizer authorizer,
    ICredentialSource credentials,
    AwsAccount account,
    ScanQueue scans,
    TimeProvider time,
    IServiceProvider services,
    ILogger<RegistryEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context, string requestId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new RegistryCall(requestId);
        var response = context.Response;
        response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        response.Headers["x-amzn-RequestId"] = requestId;

        // Blobs are far larger than API bodies: lift the server-wide limit for this request only
        // (the upload code bounds each blob itself).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = RegistryLimits.MaxBlobBytes;
        }

        try
        {
            await DispatchAsync(context, call, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            call.ErrorCode ??= "ClientClosed";
        }
        catch (BadHttpRequestException e)
        {
            call.ErrorCode = "SIZE_INVALID";
            if (!response.HasStarted)
            {
                await WriteErrorAsync(context, call, RegistryError.TooLarge(e.StatusCode == 413 ? "the body exceeds the registry's size limit" : "the request body could not be read")).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Failed(logger, requestId, e);
            call.ErrorCode = "UNKNOWN";
            if (!response.HasStarted)
            {
                await WriteErrorAsync(context, call, new RegistryError("UNKNOWN", $"An internal error occurred. Request id: {requestId}", 500)).ConfigureAwait(false);
            }
        }
        finally
        {
            Log.Answered(logger, context.Request.Method, call.EventName, call.Repository ?? "-", response.StatusCode, call.ErrorCode ?? "-", requestId);
            await AuditAsync(context, call).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext context, RegistryCall call, CancellationToken ct)
    {
        var request = context.Request;
        var route = RegistryRoute.Parse(request.Path.Value ?? "/");

        // Step 1: who is calling (Basic auth, user AWS, a registry token).
        if (!await AuthenticateAsync(context, call, ct).ConfigureAwait(false))
        {
            return;
        }

        if (route.Kind == RegistryRouteKind.Base)
        {
            // end-1: the API version check; any authenticated caller may ask.
            call.EventName = "GetRegistryVersion";
            call.Decision = "NotRequired";
            await WriteJsonAsync(context, 200, "{}"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (route.Kind == RegistryRouteKind.Unknown)
        {
            await WriteErrorAsync(context, call, new RegistryError("UNSUPPORTED", "unknown registry endpoint", 404)).ConfigureAwait(false);
            return;
        }

        call.Repository = route.Name;
        call.Reference = route.Reference;
        if (!RepositoryNames.IsValidName(route.Name))
        {
            await WriteErrorAsync(context, call, RegistryError.NameInvalid(route.Name)).ConfigureAwait(false);
            return;
        }

        // Step 2: the ECR action this call is, authorised on the repository's ARN.
        var method = request.Method;
        var action = ActionFor(route.Kind, method);
        if (action is null)
        {
            await WriteErrorAsync(context, call, RegistryError.Unsupported($"{method} is not supported on this endpoint")).ConfigureAwait(false);
            return;
        }

        call.EventName = action;
        if (!await AuthorizeAsync(context, call, "ecr:" + action, route.Name, ct).ConfigureAwait(false))
        {
            return;
        }

        // Step 3: the repository must exist (ECR: created with CreateRepository before the first push).
        var repository = await store.GetRepositoryAsync(route.Name, ct).ConfigureAwait(false);
        if (repository is null)
        {
            await WriteErrorAsync(context, call, RegistryError.NameUnknown(route.Name, account.AccountId)).ConfigureAwait(false);
            return;
        }

        switch (route.Kind)
        {
            case RegistryRouteKind.Blob:
                await BlobAsync(context, call, route, ct).ConfigureAwait(false);
                break;
            case RegistryRouteKind.UploadStart:
                await StartUploadAsync(context, call, route, ct).ConfigureAwait(false);
                break;
            case RegistryRouteKind.Upload:
                await UploadAsync(context, call, route, ct).ConfigureAwait(false);
                break;
            case RegistryRouteKind.Manifest:
                await ManifestAsync(context, call, route, repository, ct).ConfigureAwait(false);
                break;
            case RegistryRouteKind.TagsList:
                await TagsAsync(context, call, route, ct).ConfigureAwait(false);
                break;
            default:
                await ReferrersAsync(context, call, route, ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The ECR IAM action each registry call needs (ECR User Guide, "Amazon ECR repository policies").</summary>
    internal static string? ActionFor(RegistryRouteKind kind, string method) => (kind, method) switch
    {
        (RegistryRouteKind.Blob, "HEAD") => "BatchCheckLayerAvailability",
        (RegistryRouteKind.Blob, "GET") => "GetDownloadUrlForLayer",
        (RegistryRouteKind.UploadStart, "POST") => "InitiateLayerUpload",
        (RegistryRouteKind.Upload, "PATCH" or "GET" or "DELETE") => "UploadLayerPart",
        (RegistryRouteKind.Upload, "PUT") => "CompleteLayerUpload",
        (RegistryRouteKind.Manifest, "GET" or "HEAD") => "BatchGetImage",
        (RegistryRouteKind.Manifest, "PUT") => "PutImage",
        (RegistryRouteKind.Manifest, "DELETE") => "BatchDeleteImage",
        (RegistryRouteKind.TagsList, "GET") => "ListImages",
        (RegistryRouteKind.Referrers, "GET") => "BatchGetImage",
        _ => null,
    };

    internal string RepositoryArn(string name) => $"arn:aws:ecr:{account.Region}:{account.AccountId}:repository/{name}";

    private async Task<bool> AuthorizeAsync(HttpContext context, RegistryCall call, string action, string repository, CancellationToken ct)
    {
        var arn = RepositoryArn(repository);
        call.Action = action;
        if (!call.Resources.Contains(arn))
        {
            call.Resources.Add(arn);
        }

        var result = await authorizer.AuthorizeAsync(call.Principal!, context, ProtocolKind.Registry, AccessRequest.For(action, arn), ct).ConfigureAwait(false);
        call.Decision = result.Decision.ToString();
        call.DecidingStatement = result.Statement?.ToString();
        if (result.IsAllowed)
        {
            return true;
        }

        await WriteErrorAsync(context, call, RegistryError.Denied(
            $"User: {call.Principal!.Arn} is not authorized to perform: {action} on resource: {arn}")).ConfigureAwait(false);
        return false;
    }

    private async Task AuditAsync(HttpContext context, RegistryCall call)
    {
        if (services.GetService<IAuditTrail>() is not { } trail)
        {
            return;
        }

        var tls = context.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>();
        var parameters = new System.Text.Json.Nodes.JsonObject { ["method"] = context.Request.Method };
        if (call.Repository is not null)
        {
            parameters["repositoryName"] = call.Repository;
        }

        if (call.Reference is { Length: > 0 })
        {
            parameters["reference"] = call.Reference;
        }

        try
        {
            await trail.RecordAsync(
                new AuditRecord
                {
                    EventTime = time.GetUtcNow(),
                    RequestId = call.RequestId,
                    Service = "ecr",
                    EventName = call.EventName,
                    Action = call.Action,
                    Resources = [.. call.Resources],
                    PrincipalArn = call.Principal?.Arn,
                    AccountId = call.Principal?.AccountId,
                    AccessKeyId = call.Principal?.AccessKeyId,
                    SourceIp = context.Connection.RemoteIpAddress?.ToString(),
                    UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? Logging.LogText.Clean(agent) : null,
                    TlsProtocol = tls?.Protocol.ToString(),
                    TlsCipher = tls?.NegotiatedCipherSuite?.ToString(),
                    VpcEndpointId = RequestTransportKeys.From(context).TryGetValue("aws:SourceVpce", out var vpce) ? vpce : null,
                    Decision = call.Decision,
                    DecidingStatement = call.DecidingStatement,
                    HttpStatus = context.Response.StatusCode,
                    ErrorCode = call.ErrorCode,
                    RequestParameters = parameters,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.AuditFailed(logger, call.RequestId, e);
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, RegistryCall call, RegistryError error)
    {
        call.ErrorCode = error.Code;
        if (error.Status == 401)
        {
            // ECR's challenge: clients retry with Basic credentials (user AWS, the token as password).
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"https://{context.Request.Host}/\",service=\"ecr.amazonaws.com\"";
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return WriteJsonAsync(context, error.Status, buffer.ToArray());
    }

    private static string Location(string name, string kind, string reference) =>
        new StringBuilder("/v2/").Append(name).Append('/').Append(kind).Append('/').Append(reference).ToString();
}
