using System.Diagnostics.Metrics;

namespace SageKeep.Server.Services.SageMaker.Inference;

/// <summary>
/// CloudWatch's endpoint invocation metrics as .NET metrics (meter <c>SageKeep.Inference</c>, readable by any
/// OpenTelemetry exporter): Invocations, Invocation4XXErrors, Invocation5XXErrors, ModelLatency and OverheadLatency in
/// microseconds, tagged with EndpointName and VariantName.
/// </summary>
internal static class InvocationMetrics
{
    public const string MeterName = "SageKeep.Inference";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Invocations = Meter.CreateCounter<long>("Invocations");

    public static readonly Counter<long> Invocation4XXErrors = Meter.CreateCounter<long>("Invocation4XXErrors");

    public static readonly Counter<long> Invocation5XXErrors = Meter.CreateCounter<long>("Invocation5XXErrors");

    public static readonly Histogram<double> ModelLatency = Meter.CreateHistogram<double>("ModelLatency", "us");

    public static readonly Histogram<double> OverheadLatency = Meter.CreateHistogram<double>("OverheadLatency", "us");
}
