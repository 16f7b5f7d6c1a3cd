using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SageKeep.Core.Errors;
using SageKeep.Server.Audit;
using SageKeep.Server.Authorization;
using SageKeep.Server.Hosting;
using SageKeep.Server.Protocols.Query;
using SageKeep.Server.Protocols.Rest;
using SageKeep.Server.Protocols.Routing;
using SageKeep.Server.ServiceModels;

namespace SageKeep.Server.Protocols;

/// <summary>
/// The AWS API: routes each request to its service and protocol, refuses unsigned or unauthenticated
/// requests in the protocol's error shape, binds and validates the input against the botocore model,
/// dispatches to the operation's handler and writes the answer. Every response carries the request id.
/// </summary>
internal sealed partial class AwsApiEndpoint(
    ServiceModelCatalog models,
    IRequestAuthenticator authenticator,
    OperationHandlerRegistry handlers,
    IAuthorizer authorizer,
    IOptions<AwsProtocolOptions> options,
    ILogger<AwsApiEndpoint> logger,
    IAuditTrail? audit = null,
    TimeProvider? time = null) : IApiEndpoint
{
    /// <summary>Where hosting stores the request id (<c>HttpContext.Items</c>).</summary>
    public const string RequestIdItem = "SageKeep.RequestId";

    private readonly AwsProtocolOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = context.Items.TryGetValue(RequestIdItem, out var id) && id is string { Length: > 0 } given
            ? given
            : Guid.NewGuid().ToString();
        var state = new RequestState(context, requestId, (time ?? TimeProvider.System).GetUtcNow());
        try
        {
            await HandleCoreAsync(state, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            // A fault in this layer itself: answer 500 in the protocol's shape, never a bare crash.
            Log.EndpointFailed(logger, requestId, e);
            if (!context.Response.HasStarted)
            {
                await SendErrorAsync(state, ProtocolErrors.Internal(state.Protocol, requestId)).ConfigureAwait(false);
            }
        }

        await RecordAuditAsync(state).ConfigureAwait(false);
    }

    private async Task HandleCoreAsync(RequestState state, CancellationToken ct)
    {
        var request = state.Context.Request;
        var path = request.Path.Value is { Length: > 0 } p ? p : "/";

        // Step 1: the protocol family from the markers clients send, before reading any body.
        var route = RequestRouter.Classify(request.Method, path, request.Headers, request.Query);
        state.Protocol = route switch
        {
            RouteKind.AwsJson => ProtocolKind.AwsJson,
            RouteKind.Query => ProtocolKind.AwsQuery,
            RouteKind.RuntimeRestJson => ProtocolKind.RestJson,
            RouteKind.Registry => ProtocolKind.Registry,
            _ => ProtocolKind.RestXml,
        };
        if (route == RouteKind.S3)
        {
            state.Resource = path;
        }

        // Step 2: the registry speaks its own token auth (Registry/RegistryEndpoint); without it every call is unauthorized.
        if (route == RouteKind.Registry)
        {
            if (state.Context.RequestServices?.GetService(typeof(Registry.RegistryEndpoint)) is Registry.RegistryEndpoint registry)
            {
                await registry.HandleAsync(state.Context, state.RequestId, ct).ConfigureAwait(false);
                return;
            }

            await SendErrorAsync(state, AwsError.Sender("UNAUTHORIZED", "authentication required", 401)).ConfigureAwait(false);
            return;
        }

        // Step 3: the credential scope names the service (routing only; verified later).
        var scope = CredentialScope.FromRequest(request);
        state.ClaimedAccessKeyId = scope?.AccessKeyId;
        var signed = request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("X-Amz-Credential");

        // Step 4: buffer the body within the bound (S3 bodies stream to their handlers).
        var body = ReadOnlyMemory<byte>.Empty;
        if (route != RouteKind.S3)
        {
            var read = await BodyReader.ReadAsync(request, _options.MaxBodyBytes, ct).ConfigureAwait(false);
            if (read.Outcome != BodyReadOutcome.Ok)
            {
                await SendErrorAsync(state, read.Outcome == BodyReadOutcome.TooLarge
                    ? ProtocolErrors.TooLarge(state.Protocol, _options.MaxBodyBytes)
                    : ProtocolErrors.Serialization(state.Protocol, "The request body could not be read completely.")).ConfigureAwait(false);
                return;
            }

            body = read.Body;
        }

        // Step 5: the service and operation name.
        var target = ResolveTarget(state, route, scope, body);
        state.ServiceHint = target.Model?.SigningName ?? scope?.Service;
        state.OperationHint = target.Operation;
        if (target.Error is not null)
        {
            await SendErrorAsync(state, target.Error).ConfigureAwait(false);
            return;
        }

        // Step 6: unsigned requests get the protocol's missing-token error before anything else is revealed;
        // S3 refuses Signature Version 2 the way AWS does in SigV4-only regions.
        if (route == RouteKind.S3 && S3RequestReader.IsSigV2(request.Headers, request.Query))
        {
            await SendErrorAsync(state, Services.S3.S3Errors.SigV2NotSupported).ConfigureAwait(false);
            return;
        }

        if (!signed)
        {
            await SendErrorAsync(state, ProtocolErrors.Authentication(state.Protocol, AuthenticationFailure.MissingAuthentication)).ConfigureAwait(false);
            return;
        }

        if (target.Model is null)
        {
            await SendErrorAsync(state, ProtocolErrors.UnknownOperation(state.Protocol, target.Operation, target.Version)).ConfigureAwait(false);
            return;
        }

        // Step 7: authenticate through the registered authenticator (SigV4 once a key store exists).
        var rawTarget = state.Context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : $"{request.PathBase}{request.Path}{request.QueryString}";
        var apiRequest = new ApiRequest(request.Method, rawTarget, request.Headers, body, target.Model.ServiceName, target.Model.SigningName, state.Protocol);
        var outcome = await authenticator.AuthenticateAsync(apiRequest, ct).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            await SendErrorAsync(state, outcome.Error ?? ProtocolErrors.Authentication(state.Protocol, AuthenticationFailure.UnknownAccessKey)).ConfigureAwait(false);
            return;
        }

        // Steps 8-10: bind, validate, dispatch.
        state.Principal = outcome.Principal;
        await DispatchAsync(state, target, apiRequest, outcome, ct).ConfigureAwait(false);
    }

    private ResolvedTarget ResolveTarget(RequestState state, RouteKind route, CredentialScope? scope, ReadOnlyMemory<byte> body)
    {
        var request = state.Context.Request;
        switch (route)
        {
            case RouteKind.AwsJson:
            {
                var (service, operation) = RequestRouter.ResolveTarget(request.Headers["X-Amz-Target"].ToString());
                return new ResolvedTarget(service is null ? null : models.TryGet(service), operation, null, null);
            }

            case RouteKind.Query:
            {
                var parameters = HttpMethods.IsPost(request.Method) && body.Length > 0
                    ? FormParser.TryParse(body.Span, _options.MaxQueryParameters, out var error)
                    : FormParser.TryParse(request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty, _options.MaxQueryParameters, out error);
                var tree = parameters is null ? null : QueryNode.Build(parameters, _options.MaxQueryNameDepth);
                if (parameters is null || tree is null)
                {
                    return ResolvedTarget.Fail(ProtocolErrors.Serialization(state.Protocol, error ?? "A parameter name is nested too deeply."));
                }

                parameters.TryGetValue("Action", out var action);
                parameters.TryGetValue("Version", out var version);
                var model = RequestRouter.ResolveQueryService(version, scope) is { } service ? models.TryGet(service) : null;
                if (model is not null)
                {
                    state.Protocol = RequestRouter.ProtocolOf(model);
                    state.XmlNamespace = model.XmlNamespace;
                }

                if (string.IsNullOrEmpty(action))
                {
                    return ResolvedTarget.Fail(AwsError.Sender("MissingAction", "The request must contain the parameter Action"));
                }

                return new ResolvedTarget(model, action, version, tree);
            }

            case RouteKind.RuntimeRestJson:
                return new ResolvedTarget(models.TryGet("sagemaker-runtime"), request.Path.Value ?? string.Empty, null, null);

            default:
                return new ResolvedTarget(models.TryGet("s3"), request.Path.Value ?? string.Empty, null, null);
        }
    }
}
