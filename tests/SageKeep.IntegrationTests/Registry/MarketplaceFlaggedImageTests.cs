using System.Globalization;
using System.Text.Json;
using SageKeep.IntegrationTests.Inference;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// A listed image that a new vulnerability database blocks: an algorithm and a model package on an image that passed
/// the gate become Failed with the CVE named once the server re-scans after the import; CreateTrainingJob with the
/// AlgorithmName and CreateModel with the ModelPackageName are refused with that reason (a model at once after the
/// import, before the re-scan, too); and when the operator acts
/// (an ignore entry with an expiry and a reason, then a re-scan) both are Completed again and usable.
/// </summary>
public sealed class MarketplaceFlaggedImageTests(ScanGatePolicyTests.PolicyFilesFixture fixture) : IClassFixture<ScanGatePolicyTests.PolicyFilesFixture>
{

    [Fact]
    public async Task ANewDatabaseBlocksAListedImage_TrainingJobsAndModelsAreRefused_UntilTheOperatorIgnoresTheCveAndRescans()
    {
        // An Alpine 3.11 image with one package nobody has published a CVE for (a name unique to this run).
        var package = "sagekeep-flag-" + Guid.NewGuid().ToString("N")[..8];
        var cve = "CVE-2098-" + Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        var layout = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("flag-layout"));
        Directory.CreateDirectory(layout);
        BusyboxImage.Write(layout, RuntimeHost.Busybox ?? "/bin/busybox", new Dictionary<string, string>
        {
            ["etc/alpine-release"] = "3.11.6\n",
            ["etc/os-release"] = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.11.6\n",
            ["lib/apk/db/installed"] = $"C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:{package}\nV:1.0-r0\nA:x86_64\no:{package}\n\n",
        });
        var repo = RegistryServerFixture.Unique("flag/probe");
        await fixture.CreateRepositoryAsync(repo);
        await MarketplaceSteps.PushAsync(fixture, $"oci:{layout}", repo, "v1");
        var image = $"{fixture.Host}/{repo}:v1";

        var bucket = RegistryServerFixture.Unique("flagmodels");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("model") + ".tar.gz");
        await File.WriteAllBytesAsync(archive, ServingImage.ModelArchive("flagged"));
        (await fixture.Aws("s3", "cp", archive, $"s3://{bucket}/model.tar.gz")).ExitCode.ShouldBe(0);

        var algorithm = await MarketplaceSteps.CreateAlgorithmAsync(fixture, image, certify: false);
        var spec = $$"""{"Containers":[{"Image":"{{image}}","ModelDataUrl":"s3://{{bucket}}/model.tar.gz"}],"SupportedContentTypes":["text/plain"],"SupportedResponseMIMETypes":["text/plain"]}""";
        var created = await fixture.Aws("sagemaker", "create-model-package", "--model-package-name", RegistryServerFixture.Unique("flag-pkg"), "--inference-specification", spec);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var modelPackage = RegistryServerFixture.Json(created.StdOut).GetProperty("ModelPackageArn").GetString()!;
        (await MarketplaceSteps.WaitForAlgorithmAsync(fixture, algorithm)).GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed");
        (await MarketplaceSteps.WaitForModelPackageAsync(fixture, modelPackage)).GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed");

        // The database update: the server notices, re-scans, and both resources fail naming the CVE and the policy used.
        await fixture.ImportProbeFeedAsync(package, cve);

        // At once, whether the re-scan has run yet or not, a model from the package is refused: a verdict from the old
        // database is not trusted (nor is one from another policy).
        var atOnce = await fixture.Aws("sagemaker", "create-model", "--model-name", RegistryServerFixture.Unique("flag-now"), "--primary-container", "ModelPackageName=" + modelPackage);
        atOnce.ExitCode.ShouldNotBe(0);
        atOnce.StdErr.ShouldContain("ValidationException");
        atOnce.StdErr.ShouldContain($"ModelPackage {modelPackage} cannot be used to create a model");
        var failedAlgorithm = await WaitForAsync(["sagemaker", "describe-algorithm", "--algorithm-name", algorithm], "AlgorithmStatus", "Failed");
        var algorithmReason = failedAlgorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!;
        algorithmReason.ShouldContain(cve);
        algorithmReason.ShouldContain("scanGate=high");
        failedAlgorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ValidationStatuses")[0].GetProperty("Status").GetString().ShouldBe("Failed");
        var failedPackage = await WaitForAsync(["sagemaker", "describe-model-package", "--model-package-name", modelPackage], "ModelPackageStatus", "Failed");
        failedPackage.GetProperty("ModelPackageStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!.ShouldContain(cve);

        // New training jobs and models are refused with the reason.
        var job = RegistryServerFixture.Unique("flag-job");
        var training = await fixture.Aws(TrainingJob(job, algorithm, "train"));
        training.ExitCode.ShouldNotBe(0);
        training.StdErr.ShouldContain("ValidationException");
        training.StdErr.ShouldContain(algorithm);
        training.StdErr.ShouldContain(cve);
        (await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).ExitCode.ShouldNotBe(0);
        var model = RegistryServerFixture.Unique("flag-model");
        var refusedModel = await fixture.Aws("sagemaker", "create-model", "--model-name", model, "--primary-container", "ModelPackageName=" + modelPackage);
        refusedModel.ExitCode.ShouldNotBe(0);
        refusedModel.StdErr.ShouldContain("ValidationException");
        refusedModel.StdErr.ShouldContain(modelPackage);
        refusedModel.StdErr.ShouldContain(cve);
        (await fixture.Aws("sagemaker", "describe-model", "--model-name", model)).ExitCode.ShouldNotBe(0);

        // The operator acts: an ignore entry with an expiry and a reason, then a re-scan of the image.
        var future = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(fixture.IgnorePath, $"{cve} expires={future} reason=reviewed: not reachable in this image\n");
        var rescan = await fixture.Aws("ecr", "start-image-scan", "--repository-name", repo, "--image-id", "imageTag=v1");
        rescan.ExitCode.ShouldBe(0, rescan.StdErr);
        var cleared = await WaitForAsync(["sagemaker", "describe-algorithm", "--algorithm-name", algorithm], "AlgorithmStatus", "Completed");
        cleared.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].TryGetProperty("FailureReason", out _).ShouldBeFalse();
        await WaitForAsync(["sagemaker", "describe-model-package", "--model-package-name", modelPackage], "ModelPackageStatus", "Completed");

        // The gate no longer refuses: a training job goes on to the next check (a channel the algorithm lacks), a model is created.
        var next = await fixture.Aws(TrainingJob(RegistryServerFixture.Unique("flag-job"), algorithm, "other"));
        next.ExitCode.ShouldNotBe(0);
        next.StdErr.ShouldContain("has no training channel other");
        next.StdErr.ShouldNotContain(cve);
        var createdModel = await fixture.Aws("sagemaker", "create-model", "--model-name", model, "--primary-container", "ModelPackageName=" + modelPackage);
        createdModel.ExitCode.ShouldBe(0, createdModel.StdErr);
        (await fixture.Aws("sagemaker", "delete-model", "--model-name", model)).ExitCode.ShouldBe(0);
    }

    private static string[] TrainingJob(string job, string algorithm, string channel) =>
    [
        "sagemaker", "create-training-job",
        "--training-job-name", job,
        "--role-arn", $"arn:aws:iam::{RegistryServerFixture.AccountId}:role/training",
        "--algorithm-specification", $"AlgorithmName={algorithm},TrainingInputMode=File",
        "--input-data-config", """[{"ChannelName":"CHANNEL","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://nowhere/train/"}}}]""".Replace("CHANNEL", channel, StringComparison.Ordinal),
        "--output-data-config", "S3OutputPath=s3://nowhere/out",
        "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
        "--stopping-condition", "MaxRuntimeInSeconds=60",
    ];

    private async Task<JsonElement> WaitForAsync(string[] describe, string statusMember, string status)
    {
        JsonElement resource = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws(describe);
            code.ShouldBe(0, stderr);
            resource = RegistryServerFixture.Json(stdout);
            if (resource.GetProperty(statusMember).GetString() == status)
            {
                return resource;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{string.Join(' ', describe)} did not become {status}: {resource}");
    }
}
