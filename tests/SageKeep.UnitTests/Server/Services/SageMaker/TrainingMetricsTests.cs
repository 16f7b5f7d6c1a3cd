using System.Text.Json.Nodes;
using SageKeep.Server.Services.SageMaker.TrainingJobs;

namespace SageKeep.UnitTests.Server.Services.SageMaker;

public sealed class TrainingMetricsTests
{
    private static JsonArray Definitions(params (string Name, string Regex)[] items) =>
        new([.. items.Select(i => (JsonNode)new JsonObject { ["Name"] = i.Name, ["Regex"] = i.Regex })]);

    [Fact]
    public void LastValues_TakesTheFirstGroupOfTheLastMatchingLine_AndSkipsNonNumbers()
    {
        var metrics = TrainingMetrics.From(Definitions(("loss", "loss=([^ ]+)"), ("whole", "[0-9]+\\.[0-9]+$")))!;

        var values = metrics.LastValues([(1, "loss=0.9"), (2, "loss=0.5 acc=0.75"), (3, "loss=nan-ish"), (4, "nothing")]);

        values["loss"].ShouldBe((0.5, 2L));
        values["whole"].ShouldBe((0.75, 2L));
    }

    [Fact]
    public void Merge_ReplacesKnownMetricsAndAppendsNewOnes()
    {
        var existing = new JsonArray(new JsonObject { ["MetricName"] = "a", ["Value"] = 1.0 }, new JsonObject { ["MetricName"] = "b", ["Value"] = 2.0 });

        var merged = TrainingMetrics.Merge(existing, new Dictionary<string, (double, long)> { ["b"] = (3.0, 10), ["c"] = (4.0, 11) });

        merged.Select(m => (m!["MetricName"]!.GetValue<string>(), m["Value"]!.GetValue<double>())).ShouldBe([("a", 1.0), ("b", 3.0), ("c", 4.0)]);
    }

    [Fact]
    public void Validate_EnforcesSageMakerLimits()
    {
        TrainingMetrics.Validate(Definitions(("loss", "loss=(.*?);"))).ShouldBeNull();
        TrainingMetrics.Validate(Definitions(("loss", "(?<=x)y"))).ShouldBeNull();
        TrainingMetrics.Validate(Definitions(("loss", "a"), ("loss", "b")))!.ShouldContain("unique");
        TrainingMetrics.Validate(Definitions(("loss", "(unclosed"))).ShouldNotBeNull();
        TrainingMetrics.Validate(Definitions((new string('n', 256), "a"))).ShouldNotBeNull();
        TrainingMetrics.Validate(Definitions(("loss", new string('a', 501)))).ShouldNotBeNull();
        TrainingMetrics.Validate(Definitions([.. Enumerable.Range(0, 41).Select(i => ($"m{i}", "a"))])).ShouldNotBeNull();
    }
}
