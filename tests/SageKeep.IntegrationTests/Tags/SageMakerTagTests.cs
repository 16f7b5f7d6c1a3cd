using System.Text.Json;
using SageKeep.IntegrationTests.Inference;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;

namespace SageKeep.IntegrationTests.Tags;

/// <summary>
/// AddTags, ListTags and DeleteTags by ResourceArn with the aws CLI on every SageMaker resource the server has
/// (algorithm, model package group, model package, training job, model, endpoint configuration, endpoint), the
/// Tags given at creation, SageMaker's limits and errors, and IAM conditions on request and resource tags.
/// </summary>
public sealed class SageMakerTagTests(InferenceServerFixture fixture) : IClassFixture<InferenceServerFixture>
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private static readonly string[] CreatedTags = ["--tags", "Key=team,Value=blue", "Key=cost,Value=42"];

    [RuncFact]
    public async Task EveryResourceType_KeepsItsCreateTags_AndAddsListsAndDeletesTagsByArn()
    {
        var arns = await CreateEveryResourceAsync();
        foreach (var arn in arns)
        {
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["cost"] = "42", ["team"] = "blue" }, arn);

            var add = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=stage,Value=dev", "Key=team,Value=green");
            add.ExitCode.ShouldBe(0, add.StdErr);
            RegistryServerFixture.Json(add.StdOut).GetProperty("Tags").GetArrayLength().ShouldBe(2);
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["cost"] = "42", ["stage"] = "dev", ["team"] = "green" }, arn);

            var delete = await fixture.Aws("sagemaker", "delete-tags", "--resource-arn", arn, "--tag-keys", "team", "cost", "not-there");
            delete.ExitCode.ShouldBe(0, delete.StdErr);
            (await TagsAsync(arn)).ShouldBe(new Dictionary<string, string> { ["stage"] = "dev" }, arn);
        }

        // Deleting a resource removes its tags: a new resource under the same name starts without any.
        var group = arns.Single(a => a.Contains(":model-package-group/", StringComparison.Ordinal));
        var groupName = group[(group.LastIndexOf('/') + 1)..];
        var model = arns.Single(a => a.Contains(":model/", StringComparison.Ordinal));
        var modelName = model[(model.LastIndexOf('/') + 1)..];
        (await fixture.Aws("sagemaker", "delete-endpoint", "--endpoint-name", Name(arns, ":endpoint/"))).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-endpoint-config", "--endpoint-config-name", Name(arns, ":endpoint-config/"))).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-model", "--model-name", modelName)).ExitCode.ShouldBe(0);
        var gone = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", model);
        gone.ExitCode.ShouldNotBe(0);
        gone.StdErr.ShouldContain("ValidationException");
        gone.StdErr.ShouldContain($"Resource {model} does not exist.");
        (await fixture.Aws("sagemaker", "create-model", "--model-name", modelName, "--primary-container", "Image=" + fixture.Image)).ExitCode.ShouldBe(0);
        (await TagsAsync(model)).ShouldBeEmpty();
        (await fixture.Aws("sagemaker", "delete-model-package", "--model-package-name", Name(arns, ":model-package/", versioned: true))).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", groupName)).ExitCode.ShouldBe(0);
        (await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", groupName)).ExitCode.ShouldBe(0);
        (await TagsAsync(group)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task TagOperations_AnswerSageMakersErrors_ForMissingResourcesReservedKeysAndTheLimit()
    {
        var group = RegistryServerFixture.Unique("tag-limits");
        var created = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", group);
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = RegistryServerFixture.Json(created.StdOut).GetProperty("ModelPackageGroupArn").GetString()!;

        var missing = $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:training-job/no-such-job";
        foreach (var call in new[]
        {
            new[] { "add-tags", "--resource-arn", missing, "--tags", "Key=a,Value=b" },
            ["list-tags", "--resource-arn", missing],
            ["delete-tags", "--resource-arn", missing, "--tag-keys", "a"],
        })
        {
            var result = await fixture.Aws(["sagemaker", .. call]);
            result.ExitCode.ShouldNotBe(0);
            result.StdErr.ShouldContain("ValidationException");
            result.StdErr.ShouldContain($"Resource {missing} does not exist.");
        }

        var reserved = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=aws:owner,Value=me");
        reserved.ExitCode.ShouldNotBe(0);
        reserved.StdErr.ShouldContain("ValidationException");
        reserved.StdErr.ShouldContain("reserved");
        var reservedAtCreate = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("tag-aws"), "--tags", "Key=aws:x,Value=y");
        reservedAtCreate.ExitCode.ShouldNotBe(0);
        reservedAtCreate.StdErr.ShouldContain("reserved");
        var longKey = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", $"Key={new string('k', 129)},Value=v");
        longKey.ExitCode.ShouldNotBe(0);
        longKey.StdErr.ShouldContain("ValidationException");
        longKey.StdErr.ShouldContain("128");

        // 50 tags fit (a page of MaxResults 50 holds them all); a 51st is refused and nothing changes.
        var fifty = Enumerable.Range(0, 50).Select(i => $"Key=k{i:D2},Value=v{i}").ToArray();
        var add = await fixture.Aws(["sagemaker", "add-tags", "--resource-arn", arn, "--tags", .. fifty]);
        add.ExitCode.ShouldBe(0, add.StdErr);
        var page = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn, "--max-results", "50", "--no-paginate");
        page.ExitCode.ShouldBe(0, page.StdErr);
        var listed = RegistryServerFixture.Json(page.StdOut);
        listed.GetProperty("Tags").GetArrayLength().ShouldBe(50);
        listed.TryGetProperty("NextToken", out _).ShouldBeFalse();
        var over = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=one-more,Value=x");
        over.ExitCode.ShouldNotBe(0);
        over.StdErr.ShouldContain("ValidationException");
        over.StdErr.ShouldContain("at most 50 tags");
        (await TagsAsync(arn)).Count.ShouldBe(50);
        var overwrite = await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=k00,Value=changed");
        overwrite.ExitCode.ShouldBe(0, overwrite.StdErr);
        (await TagsAsync(arn))["k00"].ShouldBe("changed");

        var badToken = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn, "--next-token", "not-a-token", "--no-paginate");
        badToken.ExitCode.ShouldNotBe(0);
        badToken.StdErr.ShouldContain("ValidationException");
    }

    [RuncFact]
    public async Task IamPolicy_OnRequestAndResourceTags_DecidesCreateAddTagsAndDescribe()
    {
        var (accessKeyId, secret) = await CreateUserAsync("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["sagemaker:CreateModelPackageGroup","sagemaker:AddTags"],"Resource":"*",
               "Condition":{"StringEquals":{"aws:RequestTag/team":"blue"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}},
              {"Effect":"Allow","Action":["sagemaker:DescribeModelPackageGroup","sagemaker:ListTags","sagemaker:DeleteTags"],"Resource":"*",
               "Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}}
            ]}
            """);

        // aws:RequestTag and aws:TagKeys on Create*.
        var blue = RegistryServerFixture.Unique("iam-blue");
        var created = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "create-model-package-group", "--model-package-group-name", blue, "--tags", "Key=team,Value=blue");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var red = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("iam-red"), "--tags", "Key=team,Value=red");
        red.ExitCode.ShouldNotBe(0);
        red.StdErr.ShouldContain("AccessDeniedException");
        var extraKey = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("iam-extra"), "--tags", "Key=team,Value=blue", "Key=owner,Value=me");
        extraKey.ExitCode.ShouldNotBe(0);
        extraKey.StdErr.ShouldContain("AccessDeniedException");
        var untagged = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "create-model-package-group", "--model-package-group-name", RegistryServerFixture.Unique("iam-none"));
        untagged.ExitCode.ShouldNotBe(0);
        untagged.StdErr.ShouldContain("AccessDeniedException");

        // aws:ResourceTag on operations on the resource, read from the tags as they are now.
        (await fixture.AwsAs(accessKeyId, secret, "sagemaker", "describe-model-package-group", "--model-package-group-name", blue)).ExitCode.ShouldBe(0);
        var other = RegistryServerFixture.Unique("iam-root");
        var rootCreated = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", other, "--tags", "Key=team,Value=red");
        rootCreated.ExitCode.ShouldBe(0, rootCreated.StdErr);
        var otherArn = RegistryServerFixture.Json(rootCreated.StdOut).GetProperty("ModelPackageGroupArn").GetString()!;
        var denied = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "describe-model-package-group", "--model-package-group-name", other);
        denied.ExitCode.ShouldNotBe(0);
        denied.StdErr.ShouldContain("AccessDeniedException");
        denied.StdErr.ShouldContain("sagemaker:DescribeModelPackageGroup");
        (await fixture.AwsAs(accessKeyId, secret, "sagemaker", "list-tags", "--resource-arn", otherArn)).StdErr.ShouldContain("AccessDeniedException");
        (await fixture.AwsAs(accessKeyId, secret, "sagemaker", "delete-tags", "--resource-arn", otherArn, "--tag-keys", "team")).StdErr.ShouldContain("AccessDeniedException");
        (await TagsAsync(otherArn))["team"].ShouldBe("red");

        // The user may tag with team=blue (the request tag condition), after which the resource tag condition holds.
        var retag = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "add-tags", "--resource-arn", otherArn, "--tags", "Key=team,Value=blue");
        retag.ExitCode.ShouldBe(0, retag.StdErr);
        var now = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "describe-model-package-group", "--model-package-group-name", other);
        now.ExitCode.ShouldBe(0, now.StdErr);
        var listed = await fixture.AwsAs(accessKeyId, secret, "sagemaker", "list-tags", "--resource-arn", otherArn);
        listed.ExitCode.ShouldBe(0, listed.StdErr);
    }

    [RuncFact]
    public async Task ResourceTagCondition_FollowsAddTagsDeleteTagsAndARecreatedResource_OnTheNextRequest()
    {
        // The server caches each ARN's tags for aws:ResourceTag; every tag write and a deleted resource must reach
        // the next decision.
        var (accessKeyId, secret) = await CreateUserAsync("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"sagemaker:DescribeModelPackageGroup","Resource":"*",
               "Condition":{"StringEquals":{"aws:ResourceTag/team":"blue"}}}
            ]}
            """);
        var name = RegistryServerFixture.Unique("tag-cache");
        var created = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", name, "--tags", "Key=team,Value=red");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = RegistryServerFixture.Json(created.StdOut).GetProperty("ModelPackageGroupArn").GetString()!;
        Task<(int ExitCode, string StdOut, string StdErr)> Describe() =>
            fixture.AwsAs(accessKeyId, secret, "sagemaker", "describe-model-package-group", "--model-package-group-name", name);

        var red = await Describe();
        (await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=team,Value=blue")).ExitCode.ShouldBe(0);
        var blue = await Describe();
        var blueAgain = await Describe();
        (await fixture.Aws("sagemaker", "delete-tags", "--resource-arn", arn, "--tag-keys", "team")).ExitCode.ShouldBe(0);
        var untagged = await Describe();
        (await fixture.Aws("sagemaker", "add-tags", "--resource-arn", arn, "--tags", "Key=team,Value=blue")).ExitCode.ShouldBe(0);
        var blueOnceMore = await Describe();
        (await fixture.Aws("sagemaker", "delete-model-package-group", "--model-package-group-name", name)).ExitCode.ShouldBe(0);
        var recreated = await fixture.Aws("sagemaker", "create-model-package-group", "--model-package-group-name", name);
        recreated.ExitCode.ShouldBe(0, recreated.StdErr);
        var afterRecreate = await Describe();

        red.StdErr.ShouldContain("AccessDeniedException");
        blue.ExitCode.ShouldBe(0, blue.StdErr);
        blueAgain.ExitCode.ShouldBe(0, blueAgain.StdErr);
        untagged.ExitCode.ShouldNotBe(0);
        untagged.StdErr.ShouldContain("AccessDeniedException");
        blueOnceMore.ExitCode.ShouldBe(0, blueOnceMore.StdErr);
        afterRecreate.ExitCode.ShouldNotBe(0, "the deleted group's tags must not carry over to the new group of the same name");
        afterRecreate.StdErr.ShouldContain("AccessDeniedException");
    }

    private async Task<List<string>> CreateEveryResourceAsync()
    {
        var arns = new List<string>();
        var group = RegistryServerFixture.Unique("tag-group");
        arns.Add(await CreateAsync("ModelPackageGroupArn", "create-model-package-group", "--model-package-group-name", group));
        var inference = MarketplaceSteps.InferenceSpecification(fixture.Image);
        arns.Add(await CreateAsync("ModelPackageArn", "create-model-package", "--model-package-group-name", group, "--inference-specification", inference));
        var training = $$"""{"TrainingImage":"{{fixture.Image}}","SupportedTrainingInstanceTypes":["ml.m5.large"],"TrainingChannels":[{"Name":"train","SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}]}""";
        arns.Add(await CreateAsync("AlgorithmArn", "create-algorithm", "--algorithm-name", RegistryServerFixture.Unique("tag-algo"), "--training-specification", training));

        var bucket = RegistryServerFixture.Unique("tag-bucket");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("tag-role"), "--assume-role-policy-document", TrustPolicy);
        role.ExitCode.ShouldBe(0, role.StdErr);
        var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;
        var channels = JsonSerializer.Serialize(new[] { new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{bucket}/input/" } } } });
        arns.Add(await CreateAsync(
            "TrainingJobArn", "create-training-job", "--training-job-name", RegistryServerFixture.Unique("tag-job"), "--role-arn", roleArn,
            "--algorithm-specification", $"TrainingImage={fixture.Image},TrainingInputMode=File", "--input-data-config", channels,
            "--output-data-config", $"S3OutputPath=s3://{bucket}/out", "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
            "--stopping-condition", "MaxRuntimeInSeconds=60"));

        var model = RegistryServerFixture.Unique("tag-model");
        arns.Add(await CreateAsync("ModelArn", "create-model", "--model-name", model, "--primary-container", "Image=" + fixture.Image));
        var config = RegistryServerFixture.Unique("tag-config");
        arns.Add(await CreateAsync("EndpointConfigArn", "create-endpoint-config", "--endpoint-config-name", config, "--production-variants", $"VariantName=AllTraffic,ModelName={model},InitialInstanceCount=1,InstanceType=ml.m5.large"));
        arns.Add(await CreateAsync("EndpointArn", "create-endpoint", "--endpoint-name", RegistryServerFixture.Unique("tag-endpoint"), "--endpoint-config-name", config));
        return arns;
    }

    private async Task<string> CreateAsync(string arnMember, params string[] arguments)
    {
        var (code, stdout, stderr) = await fixture.Aws(["sagemaker", .. arguments, .. CreatedTags]);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty(arnMember).GetString()!;
    }

    private async Task<Dictionary<string, string>> TagsAsync(string arn)
    {
        var (code, stdout, stderr) = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn);
        code.ShouldBe(0, stderr);
        return RegistryServerFixture.Json(stdout).GetProperty("Tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString()!, StringComparer.Ordinal);
    }

    private async Task<(string AccessKeyId, string Secret)> CreateUserAsync(string policy)
    {
        var user = RegistryServerFixture.Unique("tagger");
        (await fixture.Aws("iam", "create-user", "--user-name", user)).ExitCode.ShouldBe(0);
        var put = await fixture.Aws("iam", "put-user-policy", "--user-name", user, "--policy-name", "tags", "--policy-document", policy);
        put.ExitCode.ShouldBe(0, put.StdErr);
        var key = await fixture.Aws("iam", "create-access-key", "--user-name", user);
        key.ExitCode.ShouldBe(0, key.StdErr);
        var accessKey = RegistryServerFixture.Json(key.StdOut).GetProperty("AccessKey");
        return (accessKey.GetProperty("AccessKeyId").GetString()!, accessKey.GetProperty("SecretAccessKey").GetString()!);
    }

    private static string Name(List<string> arns, string marker, bool versioned = false)
    {
        var arn = arns.Single(a => a.Contains(marker, StringComparison.Ordinal));
        return versioned ? arn : arn[(arn.LastIndexOf('/') + 1)..];
    }
}
