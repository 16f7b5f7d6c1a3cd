using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Inference;

/// <summary>
/// CreateModel with a ModelPackageName end to end with the aws CLI: the serving image pushed with skopeo into a
/// server with a vulnerability database, a certified model package created over it and validated by the scan gate,
/// a model from the package (its pinned image and ModelDataUrl), an endpoint in runc and InvokeEndpoint; and the
/// refusals: an unknown package, a rejected one, one that failed the gate, a certified one without network isolation.
/// </summary>
public sealed class ModelPackageEndpointTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    [RuncFact]
    public async Task ModelFromACompletedPackage_RunsItsPinnedImageAndModelData_AndUnusablePackagesAreRefused()
    {
        var repo = RegistryServerFixture.Unique("pkg/serving");
        await fixture.CreateRepositoryAsync(repo);
        var layout = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("serving-layout"));
        Directory.CreateDirectory(layout);
        ServingImage.Write(layout, RuntimeHost.Busybox!);
        await MarketplaceSteps.PushAsync(fixture, $"oci:{layout}", repo, "v1");
        var bucket = RegistryServerFixture.Unique("pkgmodels");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var archive = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("model") + ".tar.gz");
        await File.WriteAllBytesAsync(archive, ServingImage.ModelArchive("from-the-package"));
        (await fixture.Aws("s3", "cp", archive, $"s3://{bucket}/model.tar.gz")).ExitCode.ShouldBe(0);
        var spec = $$"""{"Containers":[{"Image":"{{fixture.Host}}/{{repo}}:v1","ModelDataUrl":"s3://{{bucket}}/model.tar.gz"}],"SupportedContentTypes":["text/plain"],"SupportedResponseMIMETypes":["application/x-answer"],"SupportedRealtimeInferenceInstanceTypes":["ml.m5.large"]}""";
        var package = await CreatePackageAsync(spec, certify: true);
        var described = await MarketplaceSteps.WaitForModelPackageAsync(fixture, package);
        described.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed", described.ToString());
        var digest = described.GetProperty("InferenceSpecification").GetProperty("Containers")[0].GetProperty("ImageDigest").GetString()!;

        // Refusals, each an AWS-shaped ValidationException.
        var unknown = await CreateModelAsync(RegistryServerFixture.Unique("m"), "ModelPackageName=no-such-package", isolated: true);
        unknown.ExitCode.ShouldNotBe(0);
        unknown.StdErr.ShouldContain("ValidationException");
        unknown.StdErr.ShouldContain("ModelPackage no-such-package does not exist.");
        var open = await CreateModelAsync(RegistryServerFixture.Unique("m"), "ModelPackageName=" + package, isolated: false);
        open.StdErr.ShouldContain("ValidationException");
        open.StdErr.ShouldContain("must run with network isolation");
        var both = await CreateModelAsync(RegistryServerFixture.Unique("m"), $"ModelPackageName={package},Image={fixture.Host}/{repo}:v1", isolated: true);
        both.StdErr.ShouldContain("takes its Image and ModelDataUrl from the model package");
        var group = RegistryServerFixture.Unique("Group");
        (await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group)).ExitCode.ShouldBe(0);
        var rejected = await CreatePackageAsync(spec, certify: false, group);
        (await MarketplaceSteps.WaitForModelPackageAsync(fixture, rejected)).GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed");
        (await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", rejected, "--model-approval-status", "Rejected")).ExitCode.ShouldBe(0);
        var fromRejected = await CreateModelAsync(RegistryServerFixture.Unique("m"), "ModelPackageName=" + rejected, isolated: true);
        fromRejected.StdErr.ShouldContain("ValidationException");
        fromRejected.StdErr.ShouldContain("approval status is Rejected");
        var alpine = RegistryServerFixture.Unique("pkg/alpine");
        await fixture.CreateRepositoryAsync(alpine);
        await MarketplaceSteps.PushAsync(fixture, $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", alpine, "3.11");
        var flagged = await CreatePackageAsync(MarketplaceSteps.InferenceSpecification($"{fixture.Host}/{alpine}:3.11"), certify: true);
        (await MarketplaceSteps.WaitForModelPackageAsync(fixture, flagged)).GetProperty("ModelPackageStatus").GetString().ShouldBe("Failed");
        var fromFlagged = await CreateModelAsync(RegistryServerFixture.Unique("m"), "ModelPackageName=" + flagged, isolated: true);
        fromFlagged.StdErr.ShouldContain("ValidationException");
        fromFlagged.StdErr.ShouldContain("failed validation");

        // The model from the certified, clean package: its pinned image and model data.
        var name = RegistryServerFixture.Unique("pkgep");
        var created = await CreateModelAsync(name, "ModelPackageName=" + package, isolated: true);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var model = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model", "--model-name", name)).StdOut);
        var container = model.GetProperty("PrimaryContainer");
        container.GetProperty("ModelPackageName").GetString().ShouldBe(package);
        container.GetProperty("Image").GetString().ShouldBe($"{fixture.Host}/{repo}@{digest}");
        container.GetProperty("ModelDataUrl").GetString().ShouldBe($"s3://{bucket}/model.tar.gz");

        (await fixture.Aws("sagemaker", "create-endpoint-config", "--endpoint-config-name", name, "--production-variants", $"VariantName=AllTraffic,ModelName={name},InitialInstanceCount=1,InstanceType=ml.m5.large")).ExitCode.ShouldBe(0);
        var endpoint = await fixture.Aws("sagemaker", "create-endpoint", "--endpoint-name", name, "--endpoint-config-name", name);
        endpoint.ExitCode.ShouldBe(0, endpoint.StdErr);
        try
        {
            (await WaitForStatusAsync(name)).GetProperty("EndpointStatus").GetString().ShouldBe("InService");
            var input = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("in"));
            var output = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("out"));
            await File.WriteAllTextAsync(input, "hello");
            var invoked = await fixture.Aws("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", name, "--content-type", "text/plain", "--body", "fileb://" + input, output);
            invoked.ExitCode.ShouldBe(0, invoked.StdErr);
            (await File.ReadAllTextAsync(output)).ShouldBe("from-the-package:hello");
        }
        finally
        {
            await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", name);
            (await fixture.Aws("sagemaker", "wait", "endpoint-deleted", "--endpoint-name", name)).ExitCode.ShouldBe(0);
        }

        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        (await new RuncClient().ListAsync($"se{tag}-", CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>An unversioned package, or a version in <paramref name="group"/> (only versions have an approval status).</summary>
    private async Task<string> CreatePackageAsync(string spec, bool certify, string? group = null)
    {
        string[] target = group is null ? ["--model-package-name", RegistryServerFixture.Unique("pkg")] : ["--model-package-group-name", group];
        var (code, stdout, stderr) = await fixture.Aws(["sagemaker", "create-model-package", .. target, "--inference-specification", spec, certify ? "--certify-for-marketplace" : "--no-certify-for-marketplace"]);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("ModelPackageArn").GetString()!;
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> CreateModelAsync(string name, string container, bool isolated)
    {
        string[] arguments = ["sagemaker", "create-model", "--model-name", name, "--primary-container", container];
        return fixture.Aws(isolated ? [.. arguments, "--enable-network-isolation"] : arguments);
    }

    private async Task<JsonElement> WaitForStatusAsync(string name)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var describe = await fixture.Aws("sagemaker", "describe-endpoint", "--endpoint-name", name);
            describe.ExitCode.ShouldBe(0, describe.StdErr);
            var json = RegistryServerFixture.Json(describe.StdOut);
            if (json.GetProperty("EndpointStatus").GetString() is "InService" or "Failed")
            {
                return json;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"endpoint {name} did not leave Creating; server output:\n{fixture.Server.Output}");
    }
}
