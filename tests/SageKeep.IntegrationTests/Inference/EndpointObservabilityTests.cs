using System.Globalization;
using System.Text.Json.Nodes;
using SageKeep.IntegrationTests.Infrastructure;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// What an operator sees of invocations: the OpenTelemetry metrics the server exports in the Prometheus text format at
/// GET /_sagekeep/metrics (counts per endpoint and variant match the invocations made with the aws CLI), and the audit
/// trail read with <c>sagekeep audit</c>, where a ModelError is recorded with its error code.
/// </summary>
public sealed class EndpointObservabilityTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private const int Successes = 5;
    private const int ModelErrors = 2;

    [RuncFact]
    public async Task Invocations_AreCountedInTheExportedMetrics_AndModelErrorsAreAuditedAsModelError()
    {
        var steps = new EndpointSteps(fixture);
        var name = RegistryServerFixture.Unique("ep-obs");
        await steps.CreateModelAsync(name, "counted", isolated: true);
        await steps.CreateConfigAsync(name, name);
        await steps.CreateEndpointAsync(name, name);
        (await steps.WaitSettledAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");

        for (var i = 0; i < Successes; i++)
        {
            var ok = await steps.InvokeAsync(name, "n" + i.ToString(CultureInfo.InvariantCulture));
            ok.ExitCode.ShouldBe(0, ok.StdErr);
        }

        for (var i = 0; i < ModelErrors; i++)
        {
            var failed = await steps.InvokeAsync(name, "error-" + i.ToString(CultureInfo.InvariantCulture));
            failed.StdErr.ShouldContain("(ModelError)");
        }

        // The metrics, as a Prometheus scraper reads them.
        using var client = fixture.Server.CreateClient();
        var text = await client.GetStringAsync(new Uri("/_sagekeep/metrics", UriKind.Relative));
        var labels = $"EndpointName=\"{name}\",VariantName=\"AllTraffic\"";
        Sample(text, "Invocations_total", labels).ShouldBe(Successes + ModelErrors, text);
        Sample(text, "Invocation4XXErrors_total", labels).ShouldBe(ModelErrors, text);
        (Sample(text, "Invocation5XXErrors_total", labels) ?? 0).ShouldBe(0, text);
        Sample(text, "ModelLatency_microseconds_count", labels).ShouldBe(Successes + ModelErrors, text);
        Sample(text, "OverheadLatency_microseconds_count", labels).ShouldBe(Successes, text);
        (Sample(text, "ModelLatency_microseconds_sum", labels) ?? 0).ShouldBeGreaterThan(0, text);

        // The audit trail: every invocation, the model errors with their code and status.
        var records = await AuditedInvocationsAsync(name, Successes + ModelErrors);
        var errors = records.Where(r => (string?)r["errorCode"] == "ModelError").ToList();
        errors.Count.ShouldBe(ModelErrors);
        errors.ShouldAllBe(r => (int)r["httpStatus"]! == 424);
        records.Count(r => r["errorCode"] is null && (int)r["httpStatus"]! == 200).ShouldBe(Successes);

        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        await steps.WaitGoneAsync(name);
    }

    /// <summary>The value of one Prometheus sample whose labels include <paramref name="labels"/>; null when absent.</summary>
    private static double? Sample(string text, string metric, string labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains(labels, StringComparison.Ordinal))
            {
                var value = line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary><c>sagekeep audit --action sagemaker:InvokeEndpoint</c> for this endpoint, once the expected number is committed.</summary>
    private Task<List<JsonObject>> AuditedInvocationsAsync(string endpoint, int expected) =>
        AuditQuery.WaitForAsync(fixture.DataDir, expected, ["--action", "sagemaker:InvokeEndpoint", "--limit", "1000"],
            r => r["resources"]?.ToJsonString().Contains(":endpoint/" + endpoint + "\"", StringComparison.Ordinal) == true);
}
