using System.Globalization;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Training;

/// <summary>
/// AlgorithmSpecification.AlgorithmName: a marketplace algorithm whose image passed the scan gate trains; once a newly
/// imported vulnerability database makes that image fail the gate, new jobs with it are refused naming the CVE.
/// </summary>
public sealed partial class TrainingJobApiTests
{
    private static readonly string[] InstanceTypes = ["ml.m5.large"];
    private static readonly string[] ContentTypes = ["text/plain"];
    private static readonly string[] InputModes = ["File"];

    [RuncFact]
    public async Task AlgorithmName_CleanImageTrains_ThenANewDatabaseBlocksIt_AndNewJobsAreRefused()
    {
        // An Alpine 3.11 image with one package nobody has published a CVE for (a name unique to this run).
        var package = "sagekeep-probe-" + Guid.NewGuid().ToString("N")[..8];
        var cve = "CVE-2099-" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        var setup = await SetUpAsync(new Dictionary<string, string>
        {
            ["etc/alpine-release"] = "3.11.6\n",
            ["etc/os-release"] = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.11.6\n",
            ["lib/apk/db/installed"] = $"C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:{package}\nV:1.0-r0\nA:x86_64\no:{package}\n\n",
        });
        var algorithm = RegistryServerFixture.Unique("algo-train");
        var spec = JsonSerializer.Serialize(new
        {
            TrainingImage = setup.Image,
            SupportedTrainingInstanceTypes = InstanceTypes,
            TrainingChannels = new[] { new { Name = "train", SupportedContentTypes = ContentTypes, SupportedInputModes = InputModes, IsRequired = true } },
            MetricDefinitions = new[] { new { Name = "train:loss", Regex = "train_loss=([0-9.]+)" } },
        });
        var created = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", algorithm, "--training-specification", spec);
        created.ExitCode.ShouldBe(0, created.StdErr);
        (await WaitForAlgorithmAsync(algorithm, "Completed")).GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed");

        // Passes the gate: the job runs the algorithm's image and gets its metric definitions.
        var job = RegistryServerFixture.Unique("algo-job");
        await CreateJobAsync(Create(setup, job, "metrics", algorithmSpecification: $"AlgorithmName={algorithm},TrainingInputMode=File"), job);
        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
        described.GetProperty("AlgorithmSpecification").GetProperty("AlgorithmName").GetString().ShouldBe(algorithm);
        described.GetProperty("FinalMetricDataList").EnumerateArray().Single().GetProperty("Value").GetDouble().ShouldBe(0.25);

        // A channel the algorithm does not declare is refused before anything runs.
        var wrongChannel = JsonSerializer.Serialize(new[] { new { ChannelName = "other", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/input/train/" } } } });
        var refusedChannel = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("algo-chan"), "model", algorithmSpecification: $"AlgorithmName={algorithm},TrainingInputMode=File", inputDataConfig: wrongChannel));
        refusedChannel.ExitCode.ShouldNotBe(0);
        refusedChannel.StdErr.ShouldContain("has no training channel other");

        // A database update publishes a Critical CVE with a fix for the package: the next job is refused at once, whether
        // the re-scan has run yet or not (a verdict from the old database is not trusted).
        await fixture.ImportProbeFeedAsync(package, cve);
        var refused = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("algo-now"), "model", algorithmSpecification: $"AlgorithmName={algorithm},TrainingInputMode=File"));
        refused.ExitCode.ShouldNotBe(0);
        refused.StdErr.ShouldContain("ValidationException");
        refused.StdErr.ShouldContain(algorithm);

        // After the re-scan the algorithm is Failed and the refusal names the blocking CVE.
        var failed = await WaitForAlgorithmAsync(algorithm, "Failed");
        failed.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!.ShouldContain(cve);
        var blocked = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("algo-later"), "model", algorithmSpecification: $"AlgorithmName={algorithm},TrainingInputMode=File"));
        blocked.ExitCode.ShouldNotBe(0);
        blocked.StdErr.ShouldContain("ValidationException");
        blocked.StdErr.ShouldContain(cve);

        var unknown = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("algo-none"), "model", algorithmSpecification: "AlgorithmName=no-such-algorithm,TrainingInputMode=File"));
        unknown.ExitCode.ShouldNotBe(0);
        unknown.StdErr.ShouldContain("does not exist");
    }

    private async Task<JsonElement> WaitForAlgorithmAsync(string name, string status)
    {
        JsonElement algorithm = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name);
            code.ShouldBe(0, stderr);
            algorithm = RegistryServerFixture.Json(stdout);
            if (algorithm.GetProperty("AlgorithmStatus").GetString() == status)
            {
                return algorithm;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"algorithm {name} did not become {status}: {algorithm}");
    }
}
