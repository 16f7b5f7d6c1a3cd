namespace SageKeep.IntegrationTests.Registry;

/// <summary>CreateAlgorithm's refusals and DeleteAlgorithm.</summary>
public sealed partial class MarketplaceApiTests
{
    private static readonly string[] M5Large = ["ml.m5.large"];
    private static readonly string[] TextCsv = ["text/csv"];
    private static readonly string[] FileMode = ["File"];

    [Fact]
    public async Task CreateAlgorithm_RefusesDuplicatesForeignOrUnknownImagesInvalidNamesLongDescriptionsAndMissingMembers()
    {
        var image = await PushBusyboxAsync();
        var name = RegistryServerFixture.Unique("Dup");
        (await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--training-specification", TrainingSpecification(image))).ExitCode.ShouldBe(0);
        var arn = $"arn:aws:sagemaker:us-east-1:{RegistryServerFixture.AccountId}:algorithm/{name.ToLowerInvariant()}";

        // The same name, and the same name in other letter case (the same ARN): SageMaker's ValidationException.
        foreach (var again in new[] { name, name.ToLowerInvariant() })
        {
            var duplicate = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", again, "--training-specification", TrainingSpecification(image));
            duplicate.ExitCode.ShouldNotBe(0);
            duplicate.StdErr.ShouldContain("ValidationException");
            duplicate.StdErr.ShouldContain($"Cannot create already existing algorithm \"{arn}\".");
        }

        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", name)).ShouldBe([name]);

        // That name in other letter case names the same algorithm for Describe too.
        var lower = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name.ToLowerInvariant());
        lower.ExitCode.ShouldBe(0, lower.StdErr);
        RegistryServerFixture.Json(lower.StdOut).GetProperty("AlgorithmName").GetString().ShouldBe(name);

        // Images must be in this server's registry: another registry, an unknown repository, an unknown tag, an unknown digest.
        var repo = image[(image.IndexOf('/', StringComparison.Ordinal) + 1)..image.LastIndexOf(':')];
        foreach (var outside in new[]
        {
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/elsewhere:1",
            $"{fixture.Host}/{RegistryServerFixture.Unique("none")}:v1",
            $"{fixture.Host}/{repo}:no-such-tag",
            $"{fixture.Host}/{repo}@sha256:{new string('0', 64)}",
        })
        {
            var refused = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", RegistryServerFixture.Unique("foreign"), "--training-specification", TrainingSpecification(outside));
            refused.ExitCode.ShouldNotBe(0);
            refused.StdErr.ShouldContain("ValidationException");
            refused.StdErr.ShouldContain($"Image {outside} is not in this server's registry");
        }

        var inferenceOutside = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", RegistryServerFixture.Unique("foreign"), "--training-specification", TrainingSpecification(image),
            "--inference-specification", MarketplaceSteps.InferenceSpecification($"{fixture.Host}/{repo}:missing"));
        inferenceOutside.StdErr.ShouldContain($"Image {fixture.Host}/{repo}:missing is not in this server's registry");

        // A digest given with the image must be the image's.
        var wrongDigest = $$"""{"TrainingImage":"{{image}}","TrainingImageDigest":"sha256:{{new string('1', 64)}}","SupportedTrainingInstanceTypes":["ml.m5.large"],"TrainingChannels":[{"Name":"train","SupportedContentTypes":["text/csv"],"SupportedInputModes":["File"]}]}""";
        var mismatch = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", RegistryServerFixture.Unique("digest"), "--training-specification", wrongDigest);
        mismatch.StdErr.ShouldContain("ValidationException");
        mismatch.StdErr.ShouldContain("TrainingImageDigest sha256:1111");
        mismatch.StdErr.ShouldContain("does not match image");

        // botocore's limits: the name pattern, the description's 1024 characters.
        var badName = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", "bad_name!", "--training-specification", TrainingSpecification(image));
        badName.ExitCode.ShouldNotBe(0);
        badName.StdErr.ShouldContain("ValidationException");
        badName.StdErr.ShouldContain("Value 'bad_name!' at 'algorithmName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
        var tooLong = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", new string('a', 64), "--training-specification", TrainingSpecification(image));
        tooLong.StdErr.ShouldContain("ValidationException");
        tooLong.StdErr.ShouldContain("Member must have length less than or equal to 63");
        var longDescription = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", RegistryServerFixture.Unique("long"), "--algorithm-description", new string('d', 1025), "--training-specification", TrainingSpecification(image));
        longDescription.ExitCode.ShouldNotBe(0);
        longDescription.StdErr.ShouldContain("ValidationException");
        longDescription.StdErr.ShouldContain("at 'algorithmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024");

        // Required members, past the CLI's own checks.
        var noSpec = await Boto3Async("create_algorithm", new { AlgorithmName = RegistryServerFixture.Unique("nospec") });
        noSpec.Code.ShouldBe("ValidationException", noSpec.Message);
        noSpec.Message.ShouldContain("trainingSpecification");
        noSpec.Message.ShouldContain("Member must not be null");
        var noChannels = await Boto3Async("create_algorithm", new { AlgorithmName = RegistryServerFixture.Unique("nochan"), TrainingSpecification = new { TrainingImage = image, SupportedTrainingInstanceTypes = M5Large } });
        noChannels.Code.ShouldBe("ValidationException", noChannels.Message);
        noChannels.Message.ShouldContain("trainingSpecification.trainingChannels");
        noChannels.Message.ShouldContain("Member must not be null");
        var noName = await Boto3Async("create_algorithm", new { TrainingSpecification = new { TrainingImage = image, SupportedTrainingInstanceTypes = M5Large, TrainingChannels = new[] { new { Name = "train", SupportedContentTypes = TextCsv, SupportedInputModes = FileMode } } } });
        noName.Code.ShouldBe("ValidationException", noName.Message);
        noName.Message.ShouldContain("algorithmName");

        // None of the refused requests left an algorithm behind.
        foreach (var prefix in new[] { "foreign", "digest", "long", "nospec", "nochan" })
        {
            var list = await fixture.Aws("sagemaker", "list-algorithms", "--name-contains", prefix + "-", "--no-paginate");
            RegistryServerFixture.Json(list.StdOut).GetProperty("AlgorithmSummaryList").EnumerateArray().ShouldNotContain(a => a.GetProperty("AlgorithmName").GetString()!.StartsWith(prefix + "-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DeleteAlgorithm_RemovesItAndItsTags_AMissingOneIsAValidationError_AndTrainingJobsCannotUseIt()
    {
        var image = await PushBusyboxAsync();
        var name = RegistryServerFixture.Unique("Gone");
        var created = await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--training-specification", TrainingSpecification(image), "--tags", "Key=team,Value=ml");
        created.ExitCode.ShouldBe(0, created.StdErr);
        var arn = RegistryServerFixture.Json(created.StdOut).GetProperty("AlgorithmArn").GetString()!;
        await MarketplaceSteps.WaitForAlgorithmAsync(fixture, name);

        var deleted = await fixture.Aws("sagemaker", "delete-algorithm", "--algorithm-name", name.ToLowerInvariant());
        deleted.ExitCode.ShouldBe(0, deleted.StdErr);
        deleted.StdOut.Trim().ShouldBeEmpty();

        var describe = await fixture.Aws("sagemaker", "describe-algorithm", "--algorithm-name", name);
        describe.ExitCode.ShouldNotBe(0);
        describe.StdErr.ShouldContain("ValidationException");
        describe.StdErr.ShouldContain($"Algorithm {arn} does not exist.");
        (await NamesAsync("list-algorithms", "AlgorithmSummaryList", "AlgorithmName", "--name-contains", name)).ShouldBeEmpty();
        var tags = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn);
        tags.ExitCode.ShouldNotBe(0);
        tags.StdErr.ShouldContain($"Resource {arn} does not exist.");

        var twice = await fixture.Aws("sagemaker", "delete-algorithm", "--algorithm-name", name);
        twice.ExitCode.ShouldNotBe(0);
        twice.StdErr.ShouldContain("ValidationException");
        twice.StdErr.ShouldContain($"Algorithm {arn} does not exist.");

        // A training job naming the deleted algorithm is refused before anything is made.
        var job = RegistryServerFixture.Unique("deleted-algo");
        var training = await fixture.Aws(
            "sagemaker", "create-training-job",
            "--training-job-name", job,
            "--role-arn", $"arn:aws:iam::{RegistryServerFixture.AccountId}:role/training",
            "--algorithm-specification", $"AlgorithmName={name},TrainingInputMode=File",
            "--input-data-config", """[{"ChannelName":"train","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://nowhere/train/"}}}]""",
            "--output-data-config", "S3OutputPath=s3://nowhere/out",
            "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
            "--stopping-condition", "MaxRuntimeInSeconds=60");
        training.ExitCode.ShouldNotBe(0);
        training.StdErr.ShouldContain("ValidationException");
        training.StdErr.ShouldContain($"Algorithm {name} does not exist.");
        var noJob = await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job);
        noJob.ExitCode.ShouldNotBe(0);

        // The name is free again: a new algorithm under it starts without the old tags.
        (await fixture.Aws("sagemaker", "create-algorithm", "--algorithm-name", name, "--training-specification", TrainingSpecification(image))).ExitCode.ShouldBe(0);
        var fresh = await fixture.Aws("sagemaker", "list-tags", "--resource-arn", arn);
        fresh.ExitCode.ShouldBe(0, fresh.StdErr);
        RegistryServerFixture.Json(fresh.StdOut).GetProperty("Tags").GetArrayLength().ShouldBe(0);
        (await fixture.Aws("sagemaker", "delete-algorithm", "--algorithm-name", name)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task CertifiedAlgorithm_TrainingJobsWithoutNetworkIsolationAreRefused()
    {
        var image = await PushBusyboxAsync();
        var algorithm = await MarketplaceSteps.CreateAlgorithmAsync(fixture, image, certify: true);
        var described = await MarketplaceSteps.WaitForAlgorithmAsync(fixture, algorithm);
        described.GetProperty("AlgorithmStatus").GetString().ShouldBe("Completed", described.ToString());
        described.GetProperty("CertifyForMarketplace").GetBoolean().ShouldBeTrue();

        string[] job =
        [
            "sagemaker", "create-training-job",
            "--training-job-name", RegistryServerFixture.Unique("certified-job"),
            "--role-arn", $"arn:aws:iam::{RegistryServerFixture.AccountId}:role/training",
            "--algorithm-specification", $"AlgorithmName={algorithm},TrainingInputMode=File",
            "--input-data-config", """[{"ChannelName":"other","DataSource":{"S3DataSource":{"S3DataType":"S3Prefix","S3Uri":"s3://nowhere/train/"}}}]""",
            "--output-data-config", "S3OutputPath=s3://nowhere/out",
            "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
            "--stopping-condition", "MaxRuntimeInSeconds=60",
        ];
        var open = await fixture.Aws(job);
        open.ExitCode.ShouldNotBe(0);
        open.StdErr.ShouldContain("ValidationException");
        open.StdErr.ShouldContain($"Algorithm {algorithm} is certified for the marketplace and must run with network isolation: set EnableNetworkIsolation.");

        // With isolation the job passes that check and meets the next one (a channel the algorithm does not declare), before anything runs.
        var isolated = await fixture.Aws([.. job, "--enable-network-isolation"]);
        isolated.ExitCode.ShouldNotBe(0);
        isolated.StdErr.ShouldContain($"Algorithm {algorithm} has no training channel other");
    }
}
