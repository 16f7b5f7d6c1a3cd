namespace SageKeep.IntegrationTests.Registry;

/// <summary>Tags on algorithm, model package group and model package ARNs, and aws:ResourceTag deciding DescribeAlgorithm.</summary>
public sealed partial class MarketplaceApiTests
{
    [Fact]
    public async Task Tags_OnAlgorithmGroupAndPackageArns_AreKeptAddedAndDeleted_AndAResourceTagDenyStopsDescribeAlgorithm()
    {
        var image = await PushBusyboxAsync();
        var algorithm = RegistryServerFixture.Unique("tagged");
        var created = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", algorithm, "--training-specification", TrainingSpecification(image), "--tags", "Key=env,Value=prod", "Key=team,Value=ml");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var algorithmArn = RegistryServerFixture.Json(created.StdOut).GetProperty("AlgorithmArn").GetString()!;
        var group = RegistryServerFixture.Unique("tagged-group");
        var groupCreated = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group, "--tags", "Key=env,Value=prod", "Key=team,Value=ml");
        groupCreated.ExitCode.ShouldBe(0, groupCreated.StdErr);
        var groupArn = RegistryServerFixture.Json(groupCreated.StdOut).GetProperty("ModelPackageGroupArn").GetString()!;
        var packageArn = await MarketplaceSteps.CreateModelPackageAsync(fixture, image, certify: false, group, "--tags", "Key=env,Value=prod", "Key=team,Value=ml");

        foreach (var arn in new[] { algorithmArn, groupArn, packageArn })
        {
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["env"] = "prod", ["team"] = "ml" }, arn);
            var add = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=stage,Value=beta", "Key=team,Value=research");
            add.ExitCode.ShouldBe(0, add.StdErr);
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["env"] = "prod", ["stage"] = "beta", ["team"] = "research" }, arn);
            var delete = await fixture.Aws("sagemaker", "delete-tags", "--resource-arn", arn, "--tag-keys", "stage", "team");
            delete.ExitCode.ShouldBe(0, delete.StdErr);
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["env"] = "prod" }, arn);
        }

        // A user allowed every marketplace read but denied on resources tagged env=prod.
        var user = RegistryServerFixture.Unique("mkt-reader");
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        const string Policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:DescribeAlgorithm","sagemaker:ListAlgorithms"],"Resource":"*"},
              {"Effect":"Deny","Action":"sagemaker:DescribeAlgorithm","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}
            """;
        (await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "read", "--policy-document", Policy)).ExitCode.ShouldBe(0);
        var key = RegistryServerFixture.Json((await fixture.Aws("iam", "create-access-key", "--user-name", user)).StdOut).GetProperty("AccessKey");
        var (id, secret) = (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
        var denied = await fixture.AwsAs(id, secret, "sagemaker", "describe-algorithm", "--algorithm-name", algorithm);
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("AccessDeniedException");
        denied.StdErr.ShouldContain($"sagemaker:DescribeAlgorithm on resource: {algorithmArn}");
        var listed = await fixture.AwsAs(id, secret, "sagemaker", "list-algorithms", "--name-contains", algorithm);
        listed.ExitCode.ShouldBe(0, listed.StdErr);

        // Once the tag is gone the same user may describe it.
        (await fixture.Aws("sagemaker", "delete-tags", "--resource-arn", algorithmArn, "--tag-keys", "env")).ExitCode.ShouldBe(0);
        var allowed = await fixture.AwsAs(id, secret, "sagemaker", "describe-algorithm", "--algorithm-name", algorithm);
        allowed.ExitCode.ShouldBe(0, allowed.StdErr);
    }

    private async Task<Dictionary<string, string>> TagsAsync(string arn)
    {
        var (code, stdout, stderr) = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("Tags").EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!);
    }
}
