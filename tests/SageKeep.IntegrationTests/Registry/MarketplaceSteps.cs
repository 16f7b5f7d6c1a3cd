using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>The steps the marketplace tests share: push with skopeo, create algorithms and model packages with the aws CLI, wait for validation.</summary>
internal static class MarketplaceSteps
{
    public static async Task PushAsync(RegistryServerFixture fixture, string source, string repo, string tag)
    {
        var password = await fixture.LoginPasswordAsync();
        var push = await Skopeo.RunAsync("--policy", fixture.PolicyPath, "copy", "--dest-creds", "AWS:" + password, "--dest-cert-dir", fixture.CertDir, source, $"docker://{fixture.Host}/{repo}:{tag}");
        push.ExitCode.ShouldBe(0, push.StdErr);
    }

    public static string InferenceSpecification(string image) =>
        $$"""{"Containers":[{"Image":"{{image}}","ModelDataUrl":"s3://models/model.tar.gz"}],"SupportedContentTypes":["text/csv"],"SupportedResponseMIMETypes":["text/csv"],"SupportedRealtimeInferenceInstanceTypes":["ml.m5.large"],"SupportedTransformInstanceTypes":["ml.m5.large"]}""";

    /// <summary>Creates a model package (in <paramref name="group"/> when given, else under a new name) and returns its ARN.</summary>
    public static async Task<string> CreateModelPackageAsync(RegistryServerFixture fixture, string image, bool certify, string? group = null, params string[] extra)
    {
        string[] target = group is null ? ["--model-package-name", RegistryServerFixture.Unique("pkg")] : ["--model-package-group-name", group];
        var (code, stdout, stderr) = await fixture.Aws(
            ["sagemaker", "create-model-package", .. target, "--inference-specification", InferenceSpecification(image), certify ? "--certify-for-marketplace" : "--no-certify-for-marketplace", .. extra]);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("ModelPackageArn").GetString()!;
    }

    public static async Task<string> CreateAlgorithmAsync(RegistryServerFixture fixture, string image, bool certify)
    {
        var name = RegistryServerFixture.Unique("algo");
        var spec = $$"""{"TrainingImage":"{{image}}","SupportedTrainingInstanceTypes":["ml.m5.large"],"TrainingChannels":[{"Name":"train","SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}]}""";
        var (code, _, stderr) = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--training-specification", spec, certify ? "--certify-for-marketplace" : "--no-certify-for-marketplace");
        code.ShouldBe(0, stderr);
        return name;
    }

    public static Task<JsonElement> WaitForModelPackageAsync(RegistryServerFixture fixture, string nameOrArn) =>
        WaitAsync(fixture, ["sagemaker", "describe-model-package", "--model-package-name", nameOrArn], "ModelPackageStatus");

    public static Task<JsonElement> WaitForAlgorithmAsync(RegistryServerFixture fixture, string name) =>
        WaitAsync(fixture, ["sagemaker", "describe-algorithm", "--algorithm-name", name], "AlgorithmStatus");

    /// <summary>The image's scan findings once the scan is COMPLETE (started by nobody but the registry when scanOnPush is set).</summary>
    public static async Task<JsonElement> WaitForScanAsync(RegistryServerFixture fixture, string repo, string tag)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws("ecr", "describe-image-scan-findings", "--repository-name", repo, "--image-id", "imageTag=" + tag, "--max-results", "1000", "--no-paginate");
            if (code == 0)
            {
                var root = RegistryServerFixture.Json(stdout);
                var status = root.GetProperty("imageScanStatus").GetProperty("status").GetString();
                status.ShouldNotBe("FAILED", root.ToString());
                if (status == "COMPLETE")
                {
                    return root;
                }
            }
            else
            {
                // Before the first scan is recorded ECR answers ScanNotFoundException.
                stderr.ShouldContain("ScanNotFoundException");
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("the scan did not finish in two minutes");
    }

    private static async Task<JsonElement> WaitAsync(RegistryServerFixture fixture, string[] describe, string statusMember)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var (code, stdout, stderr) = await fixture.Aws(describe);
            code.ShouldBe(0, stderr);
            var resource = RegistryServerFixture.Json(stdout);
            if (resource.GetProperty(statusMember).GetString() is "Completed" or "Failed")
            {
                return resource;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{string.Join(' ', describe)} was not validated in two minutes");
    }
}
