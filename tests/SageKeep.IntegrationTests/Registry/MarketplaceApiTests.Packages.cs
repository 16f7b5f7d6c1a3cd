using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>Model package groups and model packages: lists, filters, pages, versions, approval, deletion, errors.</summary>
public sealed partial class MarketplaceApiTests
{
    [Fact]
    public async Task ModelPackageGroups_AreListedFilteredSortedAndPaged_DescribedAndDeleted_WithSageMakersErrors()
    {
        var image = await PushBusyboxAsync();
        var prefix = RegistryServerFixture.Unique("grp");
        var created = new List<JsonElement>();
        foreach (var suffix in new[] { "b", "d", "a", "c" })
        {
            if (created.Count > 0)
            {
                await TwoWholeSecondsAfterAsync(created[^1]);
            }

            var name = $"{prefix}-{suffix}";
            var result = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", name, "--model-package-group-description", "group " + suffix);
            result.ExitCode.ShouldBe(0, result.StdErr);
            var described = await fixture.Aws("sagemaker", "describe-model-package-group", "--model-package-group-name", name);
            described.ExitCode.ShouldBe(0, described.StdErr);
            created.Add(RegistryServerFixture.Json(described.StdOut));
        }

        var byCreation = created.Select(g => g.GetProperty("ModelPackageGroupName").GetString()!).ToList();
        var byName = byCreation.Order(StringComparer.Ordinal).ToList();
        var times = created.Select(g => Time(g.GetProperty("CreationTime"))).ToList();
        var first = created[0];
        first.GetProperty("ModelPackageGroupArn").GetString().ShouldBe($"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package-group/{byCreation[0]}");
        first.GetProperty("ModelPackageGroupDescription").GetString().ShouldBe("group b");
        first.GetProperty("ModelPackageGroupStatus").GetString().ShouldBe("Completed");
        first.GetProperty("CreatedBy").GetProperty("IamIdentity").GetProperty("Arn").GetString().ShouldBe($"arn:aws:iam::{RegistryServerFixture.AccountId}:root");

        const string List = "list-model-package-groups";
        const string Summaries = "ModelPackageGroupSummaryList";
        const string Name = "ModelPackageGroupName";
        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix)).ShouldBe(byCreation);
        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix, "--sort-order", "Descending")).ShouldBe(Enumerable.Reverse(byCreation).ToList());
        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix, "--sort-by", "Name")).ShouldBe(byName);
        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix, "--sort-by", "Name", "--sort-order", "Descending")).ShouldBe(Enumerable.Reverse(byName).ToList());
        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix, "--creation-time-after", Between(times[0], times[1]), "--creation-time-before", Between(times[2], times[3]))).ShouldBe(byCreation[1..3]);
        var (paged, pages) = await PagesAsync(["sagemaker", List, "--name-contains", prefix, "--sort-by", "Name"], Summaries, Name, 3);
        paged.ShouldBe(byName);
        pages.ShouldBe(2);
        var badToken = await fixture.Aws("sagemaker", List, "--next-token", "not a token", "--no-paginate");
        badToken.StdErr.ShouldContain("ValidationException");
        var summary = RegistryServerFixture.Json((await fixture.Aws("sagemaker", List, "--name-contains", byCreation[0])).StdOut).GetProperty(Summaries).EnumerateArray().Single();
        summary.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["CreationTime", "ModelPackageGroupArn", "ModelPackageGroupDescription", "ModelPackageGroupName", "ModelPackageGroupStatus"]);

        // By ARN; the same name in other letter case is the same group.
        var arn = first.GetProperty("ModelPackageGroupArn").GetString()!;
        (await fixture.Aws("sagemaker", "describe-model-package-group", "--model-package-group-name", arn)).ExitCode.ShouldBe(0);
        var again = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", byCreation[0].ToUpperInvariant());
        again.ExitCode.ShouldNotBe(0);
        again.StdErr.ShouldContain("ValidationException");
        again.StdErr.ShouldContain($"Model Package Group already exists: {arn}");

        // A group with a version cannot be deleted (ConflictException, the only error botocore lists); then it can.
        var version = await MarketplaceSteps.CreateModelPackageAsync(fixture, image, certify: false, byCreation[0]);
        var busy = await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", byCreation[0]);
        busy.ExitCode.ShouldNotBe(0);
        busy.StdErr.ShouldContain("ConflictException");
        busy.StdErr.ShouldContain(arn);
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", version)).ExitCode.ShouldBe(0);
        foreach (var name in byCreation)
        {
            var deleted = await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", name == byCreation[0] ? arn : name);
            deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        }

        (await NamesAsync(List, Summaries, Name, "--name-contains", prefix)).ShouldBeEmpty();
        var missing = await fixture.Aws("sagemaker", "describe-model-package-group", "--model-package-group-name", byCreation[0]);
        missing.ExitCode.ShouldNotBe(0);
        missing.StdErr.ShouldContain("ValidationException");
        missing.StdErr.ShouldContain($"ModelPackageGroup {arn} does not exist.");
        var deleteMissing = await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", byCreation[0]);
        deleteMissing.ExitCode.ShouldNotBe(0);
        deleteMissing.StdErr.ShouldContain("ValidationException");
        deleteMissing.StdErr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task ModelPackages_VersionsNumberedInTheirGroup_FilteredByGroupTypeApprovalAndName_Paged_ApprovedRejectedAndDeleted()
    {
        var image = await PushBusyboxAsync();
        var prefix = RegistryServerFixture.Unique("mp");
        var group = prefix + "-group";
        (await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group)).ExitCode.ShouldBe(0);
        var versions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            versions.Add(await MarketplaceSteps.CreateModelPackageAsync(fixture, image, certify: false, group, "--model-package-description", $"version {i + 1}"));
        }

        var packageArn = $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package/";
        versions.ShouldBe([packageArn + group + "/1", packageArn + group + "/2", packageArn + group + "/3"]);
        var unversioned = new List<string>();
        foreach (var suffix in new[] { "y", "x" })
        {
            var create = await fixture.Aws("sagemaker", "create-model-package", "--model-package-name", $"{prefix}-{suffix}", "--model-package-description", "unversioned " + suffix,
                "--inference-specification", MarketplaceSteps.InferenceSpecification(image));
            create.ExitCode.ShouldBe(0, create.StdErr);
            unversioned.Add(RegistryServerFixture.Json(create.StdOut).GetProperty("ModelPackageArn").GetString()!);
        }

        unversioned.ShouldBe([packageArn + prefix + "-y", packageArn + prefix + "-x"]);
        var duplicate = await fixture.Aws("sagemaker", "create-model-package", "--model-package-name", prefix + "-y", "--inference-specification", MarketplaceSteps.InferenceSpecification(image));
        duplicate.ExitCode.ShouldNotBe(0);
        duplicate.StdErr.ShouldContain("ConflictException");

        foreach (var arn in versions.Concat(unversioned))
        {
            (await MarketplaceSteps.WaitForModelPackageAsync(fixture, arn)).GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed");
        }

        // ModelPackageType: Unversioned by default, Versioned, Both; a group's versions with ModelPackageGroupName.
        const string List = "list-model-packages";
        const string Summaries = "ModelPackageSummaryList";
        const string Arn = "ModelPackageArn";
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix)).ShouldBe(unversioned);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix, "--model-package-type", "Unversioned", "--sort-by", "Name")).ShouldBe([unversioned[1], unversioned[0]]);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix, "--model-package-type", "Versioned")).ShouldBe(versions);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix, "--model-package-type", "Both")).ShouldBe([.. versions, .. unversioned]);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix, "--model-package-type", "Both", "--sort-order", "Descending")).ShouldBe([.. Enumerable.Reverse(unversioned), .. Enumerable.Reverse(versions)]);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", group)).ShouldBe(versions);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package-group/{group}", "--sort-order", "Descending")).ShouldBe(Enumerable.Reverse(versions).ToList());
        var (paged, pages) = await PagesAsync(["sagemaker", List, "--model-package-group-name", group], Summaries, Arn, 1);
        paged.ShouldBe(versions);
        pages.ShouldBe(3);
        var summary = RegistryServerFixture.Json((await fixture.Aws("sagemaker", List, "--model-package-group-name", group, "--max-results", "1", "--no-paginate")).StdOut).GetProperty(Summaries)[0];
        summary.GetProperty("ModelPackageGroupName").GetString().ShouldBe(group);
        summary.GetProperty("ModelPackageVersion").GetInt32().ShouldBe(1);
        summary.GetProperty("ModelPackageDescription").GetString().ShouldBe("version 1");
        summary.GetProperty("ModelPackageStatus").GetString().ShouldBe("Completed");
        summary.GetProperty("ModelApprovalStatus").GetString().ShouldBe("PendingManualApproval");
        Time(summary.GetProperty("CreationTime")).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));

        // Approval: PendingManualApproval -> Approved -> Rejected, each with its description and a later LastModifiedTime.
        var before = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", versions[1])).StdOut);
        before.GetProperty("ModelApprovalStatus").GetString().ShouldBe("PendingManualApproval");
        before.TryGetProperty("LastModifiedTime", out _).ShouldBeFalse();
        var created = Time(before.GetProperty("CreationTime"));
        var approve = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", versions[1], "--model-approval-status", "Approved", "--approval-description", "passed review");
        approve.ExitCode.ShouldBe(0, approve.StdErr);
        RegistryServerFixture.Json(approve.StdOut).GetProperty("ModelPackageArn").GetString().ShouldBe(versions[1]);
        var approved = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", versions[1])).StdOut);
        approved.GetProperty("ModelApprovalStatus").GetString().ShouldBe("Approved");
        approved.GetProperty("ApprovalDescription").GetString().ShouldBe("passed review");
        var approvedAt = Time(approved.GetProperty("LastModifiedTime"));
        approvedAt.ShouldBeGreaterThanOrEqualTo(created);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", group, "--model-approval-status", "Approved")).ShouldBe([versions[1]]);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix, "--model-package-type", "Versioned", "--model-approval-status", "PendingManualApproval")).ShouldBe([versions[0], versions[2]]);
        var reject = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", versions[1], "--model-approval-status", "Rejected", "--approval-description", "superseded");
        reject.ExitCode.ShouldBe(0, reject.StdErr);
        var rejected = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", versions[1])).StdOut);
        rejected.GetProperty("ModelApprovalStatus").GetString().ShouldBe("Rejected");
        rejected.GetProperty("ApprovalDescription").GetString().ShouldBe("superseded");
        Time(rejected.GetProperty("LastModifiedTime")).ShouldBeGreaterThanOrEqualTo(approvedAt);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", group, "--model-approval-status", "Rejected")).ShouldBe([versions[1]]);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", group, "--model-approval-status", "Approved")).ShouldBeEmpty();
        var badStatus = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", versions[1], "--model-approval-status", "Maybe");
        badStatus.ExitCode.ShouldNotBe(0);
        badStatus.StdErr.ShouldContain("ValidationException");
        badStatus.StdErr.ShouldContain("Member must satisfy enum value set");
        var missingUpdate = await fixture.Aws("sagemaker", "update-model-package", "--model-package-arn", packageArn + group + "/99", "--model-approval-status", "Approved");
        missingUpdate.ExitCode.ShouldNotBe(0);
        missingUpdate.StdErr.ShouldContain("ValidationException");
        missingUpdate.StdErr.ShouldContain("does not exist");

        // Deleting version 2 leaves 1 and 3; a new version is 4.
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", versions[1])).ExitCode.ShouldBe(0);
        (await NamesAsync(List, Summaries, Arn, "--model-package-group-name", group)).ShouldBe([versions[0], versions[2]]);
        var gone = await fixture.Aws("sagemaker", "describe-model-package", "--model-package-name", versions[1]);
        gone.ExitCode.ShouldNotBe(0);
        gone.StdErr.ShouldContain("ValidationException");
        gone.StdErr.ShouldContain($"ModelPackage {versions[1]} does not exist.");
        var deleteAgain = await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", versions[1]);
        deleteAgain.ExitCode.ShouldNotBe(0);
        deleteAgain.StdErr.ShouldContain("does not exist");
        (await MarketplaceSteps.CreateModelPackageAsync(fixture, image, certify: false, group)).ShouldBe(packageArn + group + "/4");

        // An unversioned package by name; a missing group.
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", prefix + "-x")).ExitCode.ShouldBe(0);
        (await NamesAsync(List, Summaries, Arn, "--name-contains", prefix)).ShouldBe([unversioned[0]]);
        var noGroup = await fixture.Aws("sagemaker", "create-model-package", "--model-package-group-name", prefix + "-nogroup", "--inference-specification", MarketplaceSteps.InferenceSpecification(image));
        noGroup.ExitCode.ShouldNotBe(0);
        noGroup.StdErr.ShouldContain("ValidationException");
        noGroup.StdErr.ShouldContain($"ModelPackageGroup arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:model-package-group/{prefix}-nogroup does not exist.");
    }
}
