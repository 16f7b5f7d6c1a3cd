using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Health;

/// <summary>
/// <c>GET /_sagekeep/health</c>: unauthenticated liveness for load balancers and scripts. It answers
/// <c>{"status":"ok"}</c> and nothing else: no version, no configuration, no counts.
/// </summary>
internal static class HealthEndpoint
{
    public const string Path = "/_sagekeep/health";

    internal const string OkBody = """{"status":"ok"}""";

    public static bool Matches(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.Equals(Path, StringComparison.Ordinal)
        && !request.QueryString.HasValue;

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.WriteAsync(OkBody, context.RequestAborted);
    }
}
