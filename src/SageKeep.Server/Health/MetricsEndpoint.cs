using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SageKeep.Server.Configuration;
using SageKeep.Server.Services.SageMaker.Inference;

namespace SageKeep.Server.Health;

/// <summary>
/// <c>GET /_sagekeep/metrics</c> when <c>metricsEndpoint</c> is on: the OpenTelemetry SDK collects the server's meters
/// (<see cref="InvocationMetrics"/>: CloudWatch's endpoint invocation metrics per endpoint and variant) and its
/// Prometheus exporter answers in the Prometheus text format on the HTTPS listener. Off by default: like the health
/// check it is unauthenticated, and endpoint and variant names would be visible to anyone who reaches the port.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/_sagekeep/metrics";

    public static void AddMetrics(IServiceCollection services, ServerSettings settings)
    {
        if (!settings.MetricsEndpoint)
        {
            return;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(InvocationMetrics.MeterName)
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    public static void UseMetrics(WebApplication app, ServerSettings settings)
    {
        if (settings.MetricsEndpoint)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                HttpMethods.IsGet(context.Request.Method)
                && context.Request.Path.Equals(Path, StringComparison.Ordinal)
                && !context.Request.QueryString.HasValue);
        }
    }
}
