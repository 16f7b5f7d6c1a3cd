using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SageKeep.Server.Health;
using SageKeep.Server.Hosting;
using SageKeep.Server.Logging;

namespace SageKeep.Server;

/// <summary>The request pipeline: request id, metrics and health check, then the API endpoint for everything else.</summary>
public sealed partial class SageKeepServer
{
    private static void ConfigurePipeline(WebApplication app, Configuration.ServerSettings settings)
    {
        var endpoint = app.Services.GetRequiredService<IApiEndpoint>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingCategory);

        // Step 1: a request id before anything can answer, so every response carries one.
        app.UseMiddleware<RequestIdMiddleware>();

        // Step 2: the unauthenticated metrics (when the operator turned them on) and health check, answered by the host itself.
        MetricsEndpoint.UseMetrics(app, settings);

        // Step 3: everything else goes to the one API endpoint (protocol detection, SigV4, IAM, services).
        app.Run(async context =>
        {
            if (HealthEndpoint.Matches(context.Request))
            {
                await HealthEndpoint.WriteAsync(context).ConfigureAwait(false);
                return;
            }

            try
            {
                await endpoint.HandleAsync(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // Kestrel's own limits (body larger than the configured maximum: 413) surface when
                // the endpoint reads the body; answer with Kestrel's status rather than a 500.
                context.Response.StatusCode = e.StatusCode;
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                // The endpoint contract is to never throw; this is a bug, so log it and answer 500
                // without detail (the id lets an operator find the log line).
                Log.UnhandledException(logger, e, RequestIds.Get(context), LogText.Clean(context.Request.Method, 16), LogText.Clean(context.Request.Path.Value));
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.Headers[RequestIds.HeaderName] = RequestIds.Get(context);
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            }
        });
    }
}
