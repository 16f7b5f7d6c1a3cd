namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// Model package groups and model packages with the aws CLI against images pushed with skopeo: versions in a
/// group, approval, the scan gate deciding Completed/Failed with SageMaker's status details, listing filters,
/// deletion rules, IAM on the package ARNs, and scan on push feeding the gate without anyone starting a scan.
/// </summary>
public sealed class ModelPackageTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task VersionedPackages_InAGroup_CompleteWithACleanImage_AreApprovedListedAndDeletedAsSageMakerDoes()
    {
        var repo = RegistryServerFixture.Unique("pkg/busybox");
        await fixture.CreateRepositoryAsync(repo);
        await MarketplaceSteps.PushAsync(fixture, $"oci:{await ScanImages.BusyboxLayoutAsync(fixture.WorkDir)}:v1", repo, "v1");
        var group = RegistryServerFixture.Unique("Group");
        var created = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group, "--model-package-group-description", "test models");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var groupArn = RegistryServerFixture.Json(created.StdOut).GetProperty("ModelPackageGroupArn").GetString();
        groupArn.ShouldBe($"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package-group/{group.ToLowerInvariant()}");
        var again = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group);
        again.ExitCode.ShouldNotBe(0);
        again.StdErr.ShouldContain("ValidationException");

        var first = await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:v1", certify: false, group);
        var second = await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:v1", certify: true, groupArn, "--model-approval-status", "Approved");
        first.ShouldBe($"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package/{group.ToLowerInvariant()}/1");
        second.ShouldBe($"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package/{group.ToLowerInvariant()}/2");

        var one = await MarketplaceSteps.WaitForModelPackageAsync(fixture, first);
        one.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed", one.ToString());
        one.GetProperty("ModelPackageGroupName").GetString().ShouldBe(group);
        one.GetProperty("ModelPackageVersion").GetInt32().ShouldBe(1);
        one.GetProperty("ModelApprovalStatus").GetString().ShouldBe("PendingManualApproval");
        one.GetProperty("CertifyForMarketplace").GetBoolean().ShouldBeFalse();
        var details = one.GetProperty("ModelPackageStatusDetails");
        details.GetProperty("ValidationStatuses")[0].GetProperty("Status").GetString().ShouldBe("Completed");
        details.GetProperty("ImageScanStatuses")[0].GetProperty("Status").GetString().ShouldBe("Completed");
        var container = one.GetProperty("InferenceSpecification").GetProperty("Containers")[0];
        container.GetProperty("ImageDigest").GetString().ShouldStartWith("sha256:");
        one.TryGetProperty("SageKeepImages", out _).ShouldBeFalse();
        var two = await MarketplaceSteps.WaitForModelPackageAsync(fixture, second);
        two.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed", two.ToString());
        two.GetProperty("ModelApprovalStatus").GetString().ShouldBe("Approved");
        two.GetProperty("CertifyForMarketplace").GetBoolean().ShouldBeTrue();

        // Approval.
        var approve = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", first, "--model-approval-status", "Approved", "--approval-description", "looks fine");
        approve.ExitCode.ShouldBe(0, approve.StdErr);
        var approved = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", first)).StdOut);
        approved.GetProperty("ModelApprovalStatus").GetString().ShouldBe("Approved");
        approved.GetProperty("ApprovalDescription").GetString().ShouldBe("looks fine");
        approved.GetProperty("LastModifiedBy").GetProperty("IamIdentity").GetProperty("Arn").GetString().ShouldBe($"arn:aws:iam::{RegistryServerFixture.AccountId}:root");
        var reject = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", second, "--model-approval-status", "Rejected");
        reject.ExitCode.ShouldBe(0, reject.StdErr);

        // Lists: the group's versions (filtered by approval), the default (unversioned only), groups.
        var versions = await fixture.Aws("sagemaker", "list-model-packages", "--model-package-group-name", group, "--sort-by", "CreationTime", "--sort-order", "Ascending");
        versions.ExitCode.ShouldBe(0, versions.StdErr);
        var summaries = RegistryServerFixture.Json(versions.StdOut).GetProperty("ModelPackageSummaryList").EnumerateArray().ToList();
        summaries.Select(s => s.GetProperty("ModelPackageArn").GetString()).ShouldBe([first, second]);
        summaries.Select(s => s.GetProperty("ModelPackageVersion").GetInt32()).ShouldBe([1, 2]);
        summaries.Select(s => s.GetProperty("ModelApprovalStatus").GetString()).ShouldBe(["Approved", "Rejected"]);
        var rejected = await fixture.Aws("sagemaker", "list-model-packages", "--model-package-group-name", group, "--model-approval-status", "Rejected");
        RegistryServerFixture.Json(rejected.StdOut).GetProperty("ModelPackageSummaryList").EnumerateArray().Select(s => s.GetProperty("ModelPackageArn").GetString()).ShouldBe([second]);
        var unversioned = await fixture.Aws("sagemaker", "list-model-packages", "--name-contains", group);
        RegistryServerFixture.Json(unversioned.StdOut).GetProperty("ModelPackageSummaryList").GetArrayLength().ShouldBe(0);
        var groups = await fixture.Aws("sagemaker", "list-model-package-groups", "--name-contains", group);
        var groupSummary = RegistryServerFixture.Json(groups.StdOut).GetProperty("ModelPackageGroupSummaryList").EnumerateArray().Single();
        groupSummary.GetProperty("ModelPackageGroupArn").GetString().ShouldBe(groupArn);
        groupSummary.GetProperty("ModelPackageGroupStatus").GetString().ShouldBe("Completed");
        var described = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model-package-group", "--model-package-group-name", group)).StdOut);
        described.GetProperty("ModelPackageGroupDescription").GetString().ShouldBe("test models");

        // A group with versions cannot be deleted; a deleted version's number is not handed out again.
        var busy = await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", group);
        busy.ExitCode.ShouldNotBe(0);
        busy.StdErr.ShouldContain("ConflictException");
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", second)).ExitCode.ShouldBe(0);
        var third = await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:v1", certify: false, group);
        third.ShouldEndWith($"/{group.ToLowerInvariant()}/3");
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", first)).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", third)).ExitCode.ShouldBe(0);
        var gone = await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", first);
        gone.ExitCode.ShouldNotBe(0);
        gone.StdErr.ShouldContain("ValidationException");
        (await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", group)).ExitCode.ShouldBe(0);
        var noGroup = await fixture.Aws("sagemaker", "describe-model-package-group", "--model-package-group-name", group);
        noGroup.ExitCode.ShouldNotBe(0);
        noGroup.StdErr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task PackagesWithTheAlpine311Image_FailNamingBlockingCves_AndCannotBeApproved()
    {
        var repo = RegistryServerFixture.Unique("pkg/alpine");
        await fixture.CreateRepositoryAsync(repo);
        await MarketplaceSteps.PushAsync(fixture, $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", repo, "3.11");
        var group = RegistryServerFixture.Unique("alpine-group");
        (await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group)).ExitCode.ShouldBe(0);

        var unversioned = await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:3.11", certify: false);
        var versioned = await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:3.11", certify: false, group);
        foreach (var arn in new[] { unversioned, versioned })
        {
            var package = await MarketplaceSteps.WaitForModelPackageAsync(fixture, arn);
            package.GetProperty("ModelPackageStatus").GetString().ShouldBe("Failed", package.ToString());
            var reason = package.GetProperty("ModelPackageStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!;
            reason.ShouldContain("scanGate=high");
            reason.ShouldContain("CVE-2022-37434");
            package.GetProperty("ModelPackageStatusDetails").GetProperty("ValidationStatuses")[0].GetProperty("Status").GetString().ShouldBe("Failed");
        }

        var approve = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", versioned, "--model-approval-status", "Approved");
        approve.ExitCode.ShouldNotBe(0);
        approve.StdErr.ShouldContain("cannot be approved");
        approve.StdErr.ShouldContain("CVE-2022-37434");
        var unversionedApproval = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", unversioned, "--model-approval-status", "Approved");
        unversionedApproval.ExitCode.ShouldNotBe(0);
        unversionedApproval.StdErr.ShouldContain("only be set for versioned model packages");
    }

    [Fact]
    public async Task CreateModelPackage_RefusesImagesOutsideTheRegistry_AndUsersWithoutPermission()
    {
        var outside = await fixture.Aws("sagemaker", "create-model-package", "--model-package-name", RegistryServerFixture.Unique("pkg"),
            "--inference-specification", MarketplaceSteps.InferenceSpecification("123456789012.dkr.ecr.us-east-1.amazonaws.com/elsewhere:1"));
        outside.ExitCode.ShouldNotBe(0);
        outside.StdErr.ShouldContain("is not in this server's registry");
        var noGroup = await fixture.Aws("sagemaker", "create-model-package", "--model-package-group-name", RegistryServerFixture.Unique("missing"),
            "--inference-specification", MarketplaceSteps.InferenceSpecification($"{fixture.Host}/none:1"));
        noGroup.ExitCode.ShouldNotBe(0);

        var user = RegistryServerFixture.Unique("viewer");
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:DescribeModelPackage","sagemaker:ListModelPackages"],"Resource":"*"},
              {"Effect":"Allow","Action":"sagemaker:CreateModelPackageGroup","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"ml"}}}]}
            """;
        (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "view", "--policy-document", policy)).ExitCode.ShouldBe(0);
        var key = RegistryServerFixture.Json((await fixture.Aws("iam", "create-access-key", "--user-name", user)).StdOut).GetProperty("AccessKey");
        var name = RegistryServerFixture.Unique("pkg");
        var denied = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!,
            "sagemaker", "create-model-package", "--model-package-name", name, "--inference-specification", MarketplaceSteps.InferenceSpecification($"{fixture.Host}/none:1"));
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("AccessDeniedException");
        denied.StdErr.ShouldContain($"sagemaker:CreateModelPackage on resource: arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package/{name}");
        var listed = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!, "sagemaker", "list-model-packages");
        listed.ExitCode.ShouldBe(0, listed.StdErr);

        // Tags given at creation are what aws:RequestTag conditions see.
        var untagged = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!,
            "sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("g"));
        untagged.ExitCode.ShouldNotBe(0);
        untagged.StdErr.ShouldContain("AccessDeniedException");
        var tagged = await fixture.AwsAs(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!,
            "sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("g"), "--tags", "Key=team,Value=ml");
        tagged.ExitCode.ShouldBe(0, tagged.StdErr);
    }

    [Fact]
    public async Task ScanOnPush_ScansWithoutBeingAsked_FindingsShowInTheCli_AndTheBlockedImageCannotBeListed()
    {
        var repo = RegistryServerFixture.Unique("pkg/onpush");
        await fixture.CreateRepositoryAsync(repo, "--image-scanning-configuration", "scanOnPush=true");
        await MarketplaceSteps.PushAsync(fixture, $"docker-archive:{await ScanImages.AlpineTarAsync(fixture.WorkDir)}", repo, "3.11");

        // Nobody calls start-image-scan: the push queued it.
        var scan = await MarketplaceSteps.WaitForScanAsync(fixture, repo, "3.11");
        var findings = scan.GetProperty("imageScanFindings").GetProperty("findings").EnumerateArray().ToList();
        findings.Count.ShouldBeGreaterThan(20);
        findings.ShouldContain(f => f.GetProperty("name").GetString() == "CVE-2022-37434" && f.GetProperty("severity").GetString() == "CRITICAL");
        scan.GetProperty("imageScanFindings").GetProperty("findingSeverityCounts").GetProperty("CRITICAL").GetInt32().ShouldBeGreaterThan(0);
        var described = RegistryServerFixture.Json((await fixture.Aws("ecr", "describe-images", "--repository-name", repo)).StdOut).GetProperty("imageDetails")[0];
        described.GetProperty("imageScanStatus").GetProperty("status").GetString().ShouldBe("COMPLETE");

        // The blocked image is refused as an algorithm and as a model package.
        var algorithm = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, await MarketplaceSteps.CreateAlgorithmAsync(fixture, $"{fixture.Host}/{repo}:3.11", certify: false));
        algorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Failed");
        algorithm.GetProperty("AlgorithmStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!.ShouldContain("CVE-2022-37434");
        var package = await MarketplaceSteps.WaitForModelPackageAsync(fixture, await MarketplaceSteps.CreateModelPackageAsync(fixture, $"{fixture.Host}/{repo}:3.11", certify: true));
        package.GetProperty("ModelPackageStatus").GetString().ShouldBe("Failed");
        package.GetProperty("ModelPackageStatusDetails").GetProperty("ImageScanStatuses")[0].GetProperty("FailureReason").GetString()!.ShouldContain("CVE-2022-37434");
    }
}
