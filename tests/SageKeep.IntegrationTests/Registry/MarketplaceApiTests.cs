using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SageKeep.IntegrationTests.Registry;

/// <summary>
/// The marketplace API with the aws CLI (boto3 where the CLI checks input itself): ListAlgorithms' filters, sort
/// and pages, every member of DescribeAlgorithm, CreateAlgorithm's refusals, DeleteAlgorithm, model package groups
/// and model packages listed, filtered, paged, approved and deleted, and tags on each ARN. Every resource is named
/// with a prefix unique to its test, so the tests of this class and others on the same server do not see each other.
/// </summary>
public sealed partial class MarketplaceApiTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    [Fact]
    public async Task ListAlgorithms_FiltersByNameAndCreationTime_SortsByNameOrTime_AndPagesEveryItemOnce()
    {
        var image = await PushBusyboxAsync();
        var prefix = RegistryServerFixture.Unique("la");
        string[] suffixes = ["c", "a", "e", "b", "d"];
        var created = new List<JsonElement>();
        foreach (var suffix in suffixes)
        {
            if (created.Count > 0)
            {
                await TwoWholeSecondsAfterAsync(created[^1]);
            }

            var name = $"{prefix}-{suffix}";
            var result = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--algorithm-description", "algorithm " + suffix, "--training-specification", TrainingSpecification(image));
            result.ExitCode.ShouldBe(0, result.StdErr);
            created.Add(RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name)).StdOut));
        }

        var byCreation = created.Select(a => a.GetProperty("AlgorithmName").GetString()!).ToList();
        var times = created.Select(a => Time(a.GetProperty("CreationTime"))).ToList();
        times.ShouldBe(times.Order().ToList());

        // The default is SortBy CreationTime, SortOrder Ascending (botocore's model).
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix)).ShouldBe(byCreation);
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--sort-order", "Descending")).ShouldBe(Enumerable.Reverse(byCreation).ToList());
        var byName = byCreation.Order(StringComparer.Ordinal).ToList();
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--sort-by", "Name", "--sort-order", "Ascending")).ShouldBe(byName);
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--sort-by", "Name", "--sort-order", "Descending")).ShouldBe(Enumerable.Reverse(byName).ToList());
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix + "-b")).ShouldBe([prefix + "-b"]);

        // Creation-time bounds between neighbours (whole seconds, as the CLI sends them): after the 2nd and before the 4th is the 3rd alone.
        var after = Between(times[1], times[2]);
        var before = Between(times[2], times[3]);
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--creation-time-after", after, "--creation-time-before", before)).ShouldBe([byCreation[2]]);
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--creation-time-after", after)).ShouldBe(byCreation[2..]);
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", prefix, "--creation-time-before", before)).ShouldBe(byCreation[..3]);

        // Pages of two by hand: every algorithm exactly once, in order, the last page without a NextToken.
        var (paged, pages) = await PagesAsync(["sagemaker", "list-algorithms", "--name-contains", prefix, "--sort-by", "Name"], "AlgorithmSummaryList", "AlgorithmName", 2);
        paged.ShouldBe(byName);
        pages.ShouldBe(3);

        // The summary carries the five members SageMaker's AlgorithmSummary has, as DescribeAlgorithm shows them.
        var list = await fixture.Aws("sagemaker", "list-algorithms", "--name-contains", prefix, "--no-paginate");
        list.ExitCode.ShouldBe(0, list.StdErr);
        var summaries = RegistryServerFixture.Json(list.StdOut).GetProperty("AlgorithmSummaryList").EnumerateArray().ToList();
        foreach (var (summary, described) in summaries.Zip(created))
        {
            summary.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["AlgorithmArn", "AlgorithmDescription", "AlgorithmName", "AlgorithmStatus", "CreationTime"]);
            summary.GetProperty("AlgorithmName").GetString().ShouldBe(described.GetProperty("AlgorithmName").GetString());
            summary.GetProperty("AlgorithmArn").GetString().ShouldBe(described.GetProperty("AlgorithmArn").GetString());
            summary.GetProperty("AlgorithmDescription").GetString().ShouldBe(described.GetProperty("AlgorithmDescription").GetString());
            Time(summary.GetProperty("CreationTime")).ShouldBe(Time(described.GetProperty("CreationTime")));
            summary.GetProperty("AlgorithmStatus").GetString().ShouldBeOneOf("Pending", "InProgress", "Completed");
        }

        // A NextToken the server did not hand out is a ValidationException.
        foreach (var garbled in new[] { "garbage", "bm90LWEtdG9rZW4=", "-1" })
        {
            var bad = await fixture.Aws("sagemaker", "list-algorithms", "--name-contains", prefix, "--next-token", garbled, "--no-paginate");
            bad.ExitCode.ShouldNotBe(0);
            bad.StdErr.ShouldContain("ValidationException");
            bad.StdErr.ShouldContain("NextToken");
        }
    }

    [Fact]
    public async Task DescribeAlgorithm_ReturnsEveryMemberAsCreated_TheImagesPinnedToDigests_AndMissingOnesAreValidationErrors()
    {
        var image = await PushBusyboxAsync();
        var repo = image[(image.IndexOf('/', StringComparison.Ordinal) + 1)..image.LastIndexOf(':')];
        var digest = RegistryServerFixture.Json((await fixture.Aws("ecr", "describe-images", "--repository-name", repo)).StdOut).GetProperty("imageDetails")[0].GetProperty("imageDigest").GetString()!;
        var name = RegistryServerFixture.Unique("Describe");
        var training = $$$"""
            {"TrainingImage":"{{{image}}}",
             "SupportedHyperParameters":[
               {"Name":"epochs","Description":"passes","Type":"Integer","Range":{"IntegerParameterRangeSpecification":{"MinValue":"1","MaxValue":"100"}},"IsTunable":true,"IsRequired":false,"DefaultValue":"10"},
               {"Name":"rate","Type":"Continuous","Range":{"ContinuousParameterRangeSpecification":{"MinValue":"0.001","MaxValue":"0.5"}},"IsTunable":true,"IsRequired":true},
               {"Name":"mode","Type":"Categorical","Range":{"CategoricalParameterRangeSpecification":{"Values":["fast","slow"]}},"IsTunable":false,"IsRequired":false,"DefaultValue":"fast"},
               {"Name":"label","Type":"FreeText","IsTunable":false,"IsRequired":false}],
             "SupportedTrainingInstanceTypes":["ml.m5.large","ml.c5.xlarge"],
             "SupportsDistributedTraining":true,
             "MetricDefinitions":[{"Name":"train:loss","Regex":"loss=([0-9.]+)"}],
             "TrainingChannels":[
               {"Name":"train","Description":"training data","IsRequired":true,"SupportedContentTypes":["text/csv"],"SupportedCompressionTypes":["None","Gzip"],"SupportedInputModes":["File","Pipe"]},
               {"Name":"validation","IsRequired":false,"SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}],
             "SupportedTuningJobObjectiveMetrics":[{"Type":"Minimize","MetricName":"train:loss"}]}
            """;
        var inference = $$$"""
            {"Containers":[{"ContainerHostname":"serve","Image":"{{{image}}}","ModelDataUrl":"s3://models/model.tar.gz","Environment":{"MODE":"fast"}}],
             "SupportedTransformInstanceTypes":["ml.m5.large"],"SupportedRealtimeInferenceInstanceTypes":["ml.m5.large"],
             "SupportedContentTypes":["text/csv"],"SupportedResponseMIMETypes":["text/csv"]}
            """;
        var validation = """
            {"ValidationRole":"arn:aws:iam::123456789012:role/validation",
             "ValidationProfiles":[{"ProfileName":"smoke","TrainingJobDefinition":{
               "TrainingInputMode":"File","HyperParameters":{"epochs":"1"},
               "InputDataConfig":[{"ChannelName":"train","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://data/train/"}}}],
               "OutputDataConfig":{"S3OutputPath":"s3://data/out/"},
               "ResourceConfig":{"InstanceType":"ml.m5.large","InstanceCount":1,"VolumeSizeInGB":1},
               "StoppingCondition":{"MaxRuntimeInSeconds":600}}}]}
            """;
        var create = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--algorithm-description", "Every member, ünïcode too.",
            "--training-specification", training, "--inference-specification", inference, "--validation-specification", validation, "--no-certify-for-marketplace");
        create.ExitCode.ShouldBe(0, create.StdErr);
        var arn = RegistryServerFixture.Json(create.StdOut).GetProperty("AlgorithmArn").GetString();
        arn.ShouldBe($"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:algorithm/{name.ToLowerInvariant()}");

        // Answered at once; validation follows.
        var first = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name)).StdOut);
        first.GetProperty("AlgorithmStatus").GetString().ShouldBeOneOf("Pending", "InProgress", "Completed");
        var algorithm = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, name);
        algorithm.GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed", algorithm.ToString());

        algorithm.GetProperty("AlgorithmName").GetString().ShouldBe(name);
        algorithm.GetProperty("AlgorithmArn").GetString().ShouldBe(arn);
        algorithm.GetProperty("AlgorithmDescription").GetString().ShouldBe("Every member, ünïcode too.");
        algorithm.GetProperty("CertifyForMarketplace").GetBoolean().ShouldBeFalse();
        algorithm.TryGetProperty("ProductId", out _).ShouldBeFalse();
        algorithm.EnumerateObject().ShouldNotContain(p => p.Name.StartsWith("SageKeep", StringComparison.Ordinal));
        (DateTimeOffset.UtcNow - Time(algorithm.GetProperty("CreationTime"))).ShouldBeLessThan(TimeSpan.FromHours(1));

        // The training specification as given, its image pinned: TrainingImage as written, TrainingImageDigest its digest now.
        var expectedTraining = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(training)!;
        var actualTraining = algorithm.GetProperty("TrainingSpecification");
        actualTraining.GetProperty("TrainingImageDigest").GetString().ShouldBe(digest);
        actualTraining.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(expectedTraining.Keys.Append("TrainingImageDigest").Order(StringComparer.Ordinal));
        foreach (var (member, value) in expectedTraining)
        {
            JsonElement.DeepEquals(actualTraining.GetProperty(member), value).ShouldBeTrue($"{member}: {actualTraining.GetProperty(member)} vs {value}");
        }

        var container = algorithm.GetProperty("InferenceSpecification").GetProperty("Containers")[0];
        container.GetProperty("Image").GetString().ShouldBe(image);
        container.GetProperty("ImageDigest").GetString().ShouldBe(digest);
        container.GetProperty("ContainerHostname").GetString().ShouldBe("serve");
        container.GetProperty("ModelDataUrl").GetString().ShouldBe("s3://models/model.tar.gz");
        container.GetProperty("Environment").GetProperty("MODE").GetString().ShouldBe("fast");
        var expectedInference = RegistryServerFixture.Json(inference);
        foreach (var member in new[] { "SupportedTransformInstanceTypes", "SupportedRealtimeInferenceInstanceTypes", "SupportedContentTypes", "SupportedResponseMIMETypes" })
        {
            JsonElement.DeepEquals(algorithm.GetProperty("InferenceSpecification").GetProperty(member), expectedInference.GetProperty(member)).ShouldBeTrue(member);
        }

        JsonElement.DeepEquals(algorithm.GetProperty("ValidationSpecification"), RegistryServerFixture.Json(validation)).ShouldBeTrue(algorithm.GetProperty("ValidationSpecification").ToString());

        // SageMaker's status details: one item each, named after the algorithm.
        var details = algorithm.GetProperty("AlgorithmStatusDetails");
        details.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["ImageScanStatuses", "ValidationStatuses"]);
        foreach (var list in new[] { "ValidationStatuses", "ImageScanStatuses" })
        {
            var item = details.GetProperty(list).EnumerateArray().Single();
            item.GetProperty("Name").GetString().ShouldBe(name);
            item.GetProperty("Status").GetString().ShouldBe("Completed");
            item.TryGetProperty("FailureReason", out _).ShouldBeFalse();
        }

        // By ARN as well as by name.
        var byArn = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", arn!);
        byArn.ExitCode.ShouldBe(0, byArn.StdErr);
        RegistryServerFixture.Json(byArn.StdOut).GetProperty("AlgorithmName").GetString().ShouldBe(name);

        // A missing one, by name and by ARN.
        var missing = RegistryServerFixture.Unique("missing");
        var noName = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", missing);
        noName.ExitCode.ShouldNotBe(0);
        noName.StdErr.ShouldContain("ValidationException");
        noName.StdErr.ShouldContain($"Algorithm arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:algorithm/{missing} does not exist.");
        var missingArn = $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:algorithm/{missing}";
        var noArn = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", missingArn);
        noArn.StdErr.ShouldContain("ValidationException");
        noArn.StdErr.ShouldContain($"Algorithm {missingArn} does not exist.");
    }

    /// <summary>The busybox image of <see cref="ScanImages.BusyboxLayoutAsync"/> pushed to a new repository, as <c>host/repo:v1</c> (no finding: it passes every gate).</summary>
    private async Task<string> PushBusyboxAsync()
    {
        var repo = RegistryServerFixture.Unique("mkt/busybox");
        await fixture.CreateRepositoryAsync(repo);
        await MarketplaceSteps.PushAsync(fixture, $"oci:{await ScanImages.BusyboxLayoutAsync(fixture.WorkDir)}:v1", repo, "v1");
        return $"{fixture.Host}/{repo}:v1";
    }

    private static string TrainingSpecification(string image) =>
        $$"""{"TrainingImage":"{{image}}","SupportedTrainingInstanceTypes":["ml.m5.large"],"TrainingChannels":[{"Name":"train","SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}]}""";

    /// <summary>Halfway between two times, as epoch seconds (what the CLI prints and takes).</summary>
    /// <summary>
    /// A creation-time bound strictly between <paramref name="earlier"/> and <paramref name="later"/> when they are at
    /// least two whole seconds apart (<see cref="TwoWholeSecondsAfterAsync"/>): the CLI sends timestamps in whole seconds.
    /// </summary>
    private static string Between(DateTimeOffset earlier, DateTimeOffset later)
    {
        var bound = (earlier.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
        later.ToUnixTimeSeconds().ShouldBeGreaterThanOrEqualTo(earlier.ToUnixTimeSeconds() + 2);
        return bound;
    }

    /// <summary>Waits until the clock is two whole seconds past <paramref name="created"/>'s, so the next resource's creation time is (see <see cref="Between"/>).</summary>
    private static async Task TwoWholeSecondsAfterAsync(JsonElement created)
    {
        var target = DateTimeOffset.FromUnixTimeSeconds(Time(created.GetProperty("CreationTime")).ToUnixTimeSeconds() + 2);
        if (target > DateTimeOffset.UtcNow)
        {
            await Task.Delay(target - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>A timestamp as the CLI prints it: epoch seconds, or ISO 8601 under another cli_timestamp_format.</summary>
    private static DateTimeOffset Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000))
            : value.GetDateTimeOffset();

    /// <summary>The names a list operation returns on one page (the CLI's own paging off).</summary>
    private async Task<List<string>> NamesAsync(string operation, string listMember, string nameMember, params string[] arguments)
    {
        var (code, stdout, stderr) = await fixture.Aws(["sagemaker", operation, .. arguments, "--no-paginate"]);
        code.ShouldBe(0, stderr);
        var root = RegistryServerFixture.Json(stdout);
        root.TryGetProperty("NextToken", out _).ShouldBeFalse(stdout);
        return [.. root.GetProperty(listMember).EnumerateArray().Select(s => s.GetProperty(nameMember).ToString())];
    }

    /// <summary>Follows NextToken by hand with MaxResults <paramref name="size"/>; every page but the last is full.</summary>
    private async Task<(List<string> Items, int Pages)> PagesAsync(string[] command, string listMember, string nameMember, int size)
    {
        var items = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            string[] arguments = [.. command, "--max-results", size.ToString(CultureInfo.InvariantCulture), "--no-paginate"];
            var (code, stdout, stderr) = await fixture.Aws(token is null ? arguments : [.. arguments, "--next-token", token]);
            code.ShouldBe(0, stderr);
            var root = RegistryServerFixture.Json(stdout);
            var page = root.GetProperty(listMember).EnumerateArray().Select(s => s.GetProperty(nameMember).ToString()).ToList();
            token = root.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            (token is null ? page.Count <= size && page.Count > 0 : page.Count == size).ShouldBeTrue($"page {pages}: {stdout}");
            items.AddRange(page);
            pages++;
        }
        while (token is not null && pages < 50);

        token.ShouldBeNull();
        return (items, pages);
    }

    /// <summary>
    /// One SageMaker call with boto3 and its parameter validation off (the CLI refuses missing members itself, so
    /// only this reaches the server): the error code and message, or null and the output.
    /// </summary>
    private async Task<(string? Code, string Message)> Boto3Async(string operation, object parameters)
    {
        const string script = """
            import json, sys, boto3
            from botocore.config import Config
            from botocore.exceptions import ClientError
            a = json.load(sys.stdin)
            client = boto3.client("sagemaker", endpoint_url=a["endpoint"], region_name="us-east-1", verify=a["ca"],
                aws_access_key_id=a["key"], aws_secret_access_key=a["secret"],
                config=Config(parameter_validation=False, retries={"max_attempts": 1}))
            try:
                result = getattr(client, a["operation"])(**a["parameters"])
                result.pop("ResponseMetadata", None)
                json.dump({"Code": None, "Message": json.dumps(result, default=str)}, sys.stdout)
            except ClientError as e:
                json.dump({"Code": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message", "")}, sys.stdout)
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["endpoint"] = fixture.Server.BaseUrl,
            ["ca"] = fixture.Server.CaCertPath,
            ["key"] = RegistryServerFixture.AccessKeyId,
            ["secret"] = RegistryServerFixture.SecretAccessKey,
            ["operation"] = operation,
            ["parameters"] = parameters,
        }));
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        var root = RegistryServerFixture.Json(stdout);
        return (root.GetProperty("Code").GetString(), root.GetProperty("Message").GetString()!);
    }
}
