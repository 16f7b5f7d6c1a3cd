using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Logging;

namespace SageKeep.Server.Hosting;

/// <summary>
/// The API endpoint of a server with no protocol or authentication layer installed: it fails closed,
/// refusing every request the way API Gateway-fronted AWS services refuse an unsigned one
/// (403 <c>MissingAuthenticationTokenException</c>). Registered with TryAdd; the protocol layer replaces it.
/// </summary>
public sealed class UnauthenticatedApiEndpoint(ILogger<UnauthenticatedApiEndpoint> logger) : IApiEndpoint
{
    internal const string Body = """{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}""";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = RequestIds.Get(context);
        Log.RefusedUnauthenticated(logger, requestId, LogText.Clean(context.Request.Method, 16), LogText.Clean(context.Request.Path.Value));

        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers[RequestIds.HeaderName] = requestId;
        response.Headers["x-amzn-ErrorType"] = "MissingAuthenticationTokenException";
        await response.WriteAsync(Body, context.RequestAborted).ConfigureAwait(false);
    }
}
