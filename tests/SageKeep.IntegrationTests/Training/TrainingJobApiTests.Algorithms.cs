using System.Globalization;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Scanning.VulnDb;

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
    private static readonly string[] Archs = ["x86_64"];

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
        await ImportProbeFeedAsync(package, cve);
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

    /// <summary>An Alpine secdb (v3.11 main) fixing <paramref name="cve"/> in 1.0-r1 of the package, and NVD's Critical rating of it, imported as <c>sagekeep db import</c> would.</summary>
    private async Task ImportProbeFeedAsync(string package, string cve)
    {
        var directory = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("feeds"));
        Directory.CreateDirectory(directory);
        var secdb = Path.Combine(directory, "main.json");
        await File.WriteAllTextAsync(secdb, JsonSerializer.Serialize(new
        {
            apkurl = "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
            archs = Archs,
            reponame = "main",
            urlprefix = "https://dl-cdn.alpinelinux.org/alpine",
            distroversion = "v3.11",
            packages = new[] { new { pkg = new { name = package, secfixes = new Dictionary<string, string[]> { ["1.0-r1"] = [cve] } } } },
        }));
        var nvd = Path.Combine(directory, "nvd.json");
        await File.WriteAllTextAsync(nvd, $$$"""
            {"format":"NVD_CVE","version":"2.0","vulnerabilities":[{"cve":{"id":"{{{cve}}}","sourceIdentifier":"cve@mitre.org","published":"2024-01-01T00:00:00.000","lastModified":"2024-01-02T00:00:00.000","vulnStatus":"Analyzed",
            "descriptions":[{"lang":"en","value":"A test vulnerability in {{{package}}}."}],
            "metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}}]},
            "references":[]}}]}
            """);
        var (database, error) = await VulnDatabase.OpenAsync(fixture.VulnDbPath, TimeProvider.System, CancellationToken.None);
        error.ShouldBeNull();
        await using (database!)
        {
            (await database!.ImportAsync([secdb, nvd], null, null, CancellationToken.None)).Error.ShouldBeNull();
        }
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
