using Microsoft.AspNetCore.Http;

namespace SageKeep.Server.Hosting;

/// <summary>Assigns the request id and puts it on the response before any other component runs.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var id = RequestIds.New();
        context.Items[RequestIds.ItemKey] = id;
        context.Response.Headers[RequestIds.HeaderName] = id;
        return next(context);
    }
}
