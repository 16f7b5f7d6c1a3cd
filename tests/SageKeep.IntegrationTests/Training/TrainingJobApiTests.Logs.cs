using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Training;

/// <summary>
/// MetricDefinitions to FinalMetricDataList, the CloudWatch Logs reads the aws CLI makes (filter-log-events with its
/// paginator, get-log-events tail-first by default), DeleteTrainingJob, and MaxRuntimeInSeconds.
/// </summary>
public sealed partial class TrainingJobApiTests
{
    private const string LogGroup = "/aws/sagemaker/TrainingJobs";

    [RuncFact]
    public async Task MetricDefinitions_LastValuesBecomeFinalMetricDataList_AndLogsFilterAndPageAsCloudWatch()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-metrics");
        var algorithm = JsonSerializer.Serialize(new
        {
            TrainingImage = setup.Image,
            TrainingInputMode = "File",
            MetricDefinitions = new[]
            {
                new { Name = "train:loss", Regex = "train_loss=([0-9.]+)" },
                new { Name = "validation:accuracy", Regex = "val_acc=([0-9.]+)" },
                new { Name = "never:seen", Regex = "no_such_metric=([0-9.]+)" },
            },
        });
        await CreateJobAsync(Create(setup, job, "metrics", algorithmSpecification: algorithm), job);
        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
        var metrics = described.GetProperty("FinalMetricDataList").EnumerateArray().ToDictionary(m => m.GetProperty("MetricName").GetString()!, m => m.GetProperty("Value").GetDouble());
        metrics.ShouldBe(new Dictionary<string, double> { ["train:loss"] = 0.25, ["validation:accuracy"] = 0.875 });
        described.GetProperty("AlgorithmSpecification").GetProperty("MetricDefinitions").GetArrayLength().ShouldBe(3);

        var stream = await StreamOfAsync(job);

        // filter-log-events: plain terms (AND), a quoted phrase, ?any, -none; the CLI follows nextToken with --page-size 1.
        (await FilterAsync(stream, "train_loss")).ShouldBe(["epoch 1: train_loss=0.9 val_acc=0.5", "epoch 2: train_loss=0.5 val_acc=0.75", "epoch 3: train_loss=0.25 val_acc=0.875"]);
        (await FilterAsync(stream, "train_loss", "--page-size", "1")).Count.ShouldBe(3);
        (await FilterAsync(stream, "epoch val_acc=0.75")).ShouldBe(["epoch 2: train_loss=0.5 val_acc=0.75"]);
        (await FilterAsync(stream, "\"not a metric\"")).ShouldBe(["not a metric line"]);
        (await FilterAsync(stream, "?0.875 ?starting")).ShouldBe([$"job {job} starting in mode metrics", "epoch 3: train_loss=0.25 val_acc=0.875"]);
        (await FilterAsync(stream, "epoch -0.5")).ShouldBe(["epoch 3: train_loss=0.25 val_acc=0.875"]);
        var all = await FilterEventsAsync(stream, null);
        var firstTime = all[0].GetProperty("timestamp").GetInt64();
        var afterFirst = await FilterEventsAsync(stream, null, "--start-time", (firstTime + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        afterFirst.ShouldAllBe(e => e.GetProperty("timestamp").GetInt64() > firstTime);
        (await FilterEventsAsync(stream, null, "--end-time", firstTime.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldBeEmpty();
        var json = await fixture.Aws("logs", "filter-log-events", "--log-group-name", LogGroup, "--log-stream-names", stream, "--filter-pattern", "{ $.level = \"x\" }");
        json.ExitCode.ShouldNotBe(0);
        json.StdErr.ShouldContain("InvalidParameterException");

        // get-log-events without --start-from-head answers the newest events; the backward token pages to older ones.
        var tail = RegistryServerFixture.Json((await fixture.Aws("logs", "get-log-events", "--log-group-name", LogGroup, "--log-stream-name", stream, "--limit", "2")).StdOut);
        Messages(tail).ShouldBe(["epoch 3: train_loss=0.25 val_acc=0.875", "not a metric line"]);
        var older = RegistryServerFixture.Json((await fixture.Aws("logs", "get-log-events", "--log-group-name", LogGroup, "--log-stream-name", stream, "--limit", "2", "--next-token", tail.GetProperty("nextBackwardToken").GetString()!)).StdOut);
        Messages(older).ShouldBe(["epoch 1: train_loss=0.9 val_acc=0.5", "epoch 2: train_loss=0.5 val_acc=0.75"]);
        var head = RegistryServerFixture.Json((await fixture.Aws("logs", "get-log-events", "--log-group-name", LogGroup, "--log-stream-name", stream, "--limit", "1", "--start-from-head")).StdOut);
        Messages(head).ShouldBe([$"job {job} starting in mode metrics"]);
        var end = RegistryServerFixture.Json((await fixture.Aws("logs", "get-log-events", "--log-group-name", LogGroup, "--log-stream-name", stream, "--start-from-head", "--next-token", tail.GetProperty("nextForwardToken").GetString()!)).StdOut);
        Messages(end).ShouldBeEmpty();
        end.GetProperty("nextForwardToken").GetString().ShouldBe(tail.GetProperty("nextForwardToken").GetString());

        // DeleteTrainingJob: the finished job goes, its name can be used again; its logs stay.
        var deleted = await fixture.Aws("sagemaker", "delete-training-job", "--training-job-name", job);
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        var gone = await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job);
        gone.ExitCode.ShouldNotBe(0);
        gone.StdErr.ShouldContain("ValidationException");
        var again = await fixture.Aws("sagemaker", "delete-training-job", "--training-job-name", job);
        again.StdErr.ShouldContain("ResourceNotFound");
        (await FilterAsync(stream, "train_loss")).Count.ShouldBe(3);
        await CreateJobAsync(Create(setup, job, "model"), job);
        (await Steps.WaitForEndAsync(job)).GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed");
    }

    [RuncFact]
    public async Task MaxRuntimeInSeconds_EndsTheJobStoppedWithMaxRuntimeExceeded_AndOnlyThenItCanBeDeleted()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-maxrt");
        await CreateJobAsync(Create(setup, job, "sleep", maxRuntimeSeconds: 15), job);
        await WaitForSecondaryStatusAsync(job, "Training");
        var busy = await fixture.Aws("sagemaker", "delete-training-job", "--training-job-name", job);
        busy.ExitCode.ShouldNotBe(0);
        busy.StdErr.ShouldContain("ResourceInUse");

        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Stopped", described.ToString());
        described.GetProperty("SecondaryStatus").GetString().ShouldBe("MaxRuntimeExceeded");
        described.GetProperty("SecondaryStatusTransitions").EnumerateArray().Last().GetProperty("StatusMessage").GetString()!.ShouldContain("MaxRuntimeInSeconds");
        (await fixture.Aws("sagemaker", "wait", "training-job-completed-or-stopped", "--training-job-name", job)).ExitCode.ShouldBe(0);
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
        (await fixture.Aws("sagemaker", "delete-training-job", "--training-job-name", job)).ExitCode.ShouldBe(0);
    }

    private async Task WaitForSecondaryStatusAsync(string job, string status)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var poll = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            if (poll.GetProperty("SecondaryStatus").GetString() == status)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} never reached {status}");
    }

    private async Task<string> StreamOfAsync(string job)
    {
        var streams = await fixture.Aws("logs", "describe-log-streams", "--log-group-name", LogGroup, "--log-stream-name-prefix", job + "/");
        streams.ExitCode.ShouldBe(0, streams.StdErr);
        return RegistryServerFixture.Json(streams.StdOut).GetProperty("logStreams")[0].GetProperty("logStreamName").GetString()!;
    }

    private async Task<List<string>> FilterAsync(string stream, string pattern, params string[] extra) =>
        [.. (await FilterEventsAsync(stream, pattern, extra)).Select(e => e.GetProperty("message").GetString()!)];

    private async Task<List<JsonElement>> FilterEventsAsync(string stream, string? pattern, params string[] extra)
    {
        string[] args = ["logs", "filter-log-events", "--log-group-name", LogGroup, "--log-stream-names", stream, .. extra];
        var result = await fixture.Aws(pattern is null ? args : [.. args, "--filter-pattern", pattern]);
        result.ExitCode.ShouldBe(0, result.StdErr);
        return [.. RegistryServerFixture.Json(result.StdOut).GetProperty("events").EnumerateArray()];
    }

    private static List<string> Messages(JsonElement page) => [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];
}
