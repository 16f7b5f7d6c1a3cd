using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Training;

/// <summary>
/// The training job API end to end with the aws CLI against the built server and real runc: a busybox image pushed
/// with skopeo, data put with <c>aws s3 cp</c>, a role from <c>aws iam create-role</c>, the job created, waited for,
/// described, its model downloaded and its output read with <c>aws logs get-log-events</c>.
/// </summary>
public sealed partial class TrainingJobApiTests(RegistryServerFixture fixture) : IClassFixture<RegistryServerFixture>
{
    private TrainingSteps Steps => new(a => fixture.Aws(a), fixture.WorkDir, () => fixture.Server.Output);

    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [RuncFact]
    public async Task TrainingJob_ReadsChannelAndHyperParameters_CompletesWithModelInS3AndLogs()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-ok");
        await CreateJobAsync(setup, job, "model");

        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed", described.ToString());
        var waiter = await fixture.Aws("sagemaker", "wait", "training-job-completed-or-stopped", "--training-job-name", job);
        waiter.ExitCode.ShouldBe(0, waiter.StdErr);
        described.GetProperty("SecondaryStatus").GetString().ShouldBe("Completed");
        var transitions = described.GetProperty("SecondaryStatusTransitions").EnumerateArray().Select(t => t.GetProperty("Status").GetString()).ToList();
        transitions.ShouldBe(["Starting", "Downloading", "Training", "Uploading", "Completed"]);
        described.GetProperty("BillableTimeInSeconds").GetInt64().ShouldBeGreaterThan(0);
        var artifact = described.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString();
        artifact.ShouldBe($"s3://{setup.Bucket}/out/{job}/output/model.tar.gz");

        var local = Path.Combine(fixture.WorkDir, job + ".tar.gz");
        var copy = await fixture.Aws("s3", "cp", artifact!, local);
        copy.ExitCode.ShouldBe(0, copy.StdErr);
        var files = await TrainingSteps.ReadArchiveAsync(local);
        files["data-copy.txt"].ShouldBe("the training data\n");
        files["hyperparameters.json"].ShouldContain("\"epochs\"");
        files["hyperparameters.json"].ShouldContain("\"7\"");
        files.ShouldNotContainKey("violations.txt");

        var streams = await fixture.Aws("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", job + "/");
        streams.ExitCode.ShouldBe(0, streams.StdErr);
        var stream = RegistryServerFixture.Json(streams.StdOut).GetProperty("logStreams")[0].GetProperty("logStreamName").GetString()!;
        stream.ShouldStartWith(job + "/algo-1-");
        var logs = await fixture.Aws("logs", "get-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name", stream, "--start-from-head");
        logs.ExitCode.ShouldBe(0, logs.StdErr);
        var messages = RegistryServerFixture.Json(logs.StdOut).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
        messages.ShouldContain($"job {job} starting in mode model");
        messages.ShouldContain("training done");

        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task TrainingJob_WritingOutputFailure_EndsFailedWithThatReason()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-fail");
        await CreateJobAsync(setup, job, "fail");

        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Failed");
        described.GetProperty("FailureReason").GetString().ShouldBe("AlgorithmError: bad hyperparameter: epochs must be positive");
        var waiter = await fixture.Aws("sagemaker", "wait", "training-job-completed-or-stopped", "--training-job-name", job);
        waiter.ExitCode.ShouldNotBe(0);
        waiter.StdErr.ShouldContain("Failed");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task StopTrainingJob_RunningJob_EndsStoppedAndListsWithFilters()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-stop");
        await CreateJobAsync(setup, job, "sleep");
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var poll = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            if (poll.GetProperty("SecondaryStatus").GetString() == "Training")
            {
                break;
            }

            await Task.Delay(200);
        }

        var listed = await fixture.Aws("sagemaker", "list-training-jobs", "--name-contains", job, "--status-equals", "InProgress");
        listed.ExitCode.ShouldBe(0, listed.StdErr);
        RegistryServerFixture.Json(listed.StdOut).GetProperty("TrainingJobSummaries").EnumerateArray().Select(j => j.GetProperty("TrainingJobName").GetString()).ShouldBe([job]);

        var stop = await fixture.Aws("sagemaker", "stop-training-job", "--training-job-name", job);
        stop.ExitCode.ShouldBe(0, stop.StdErr);
        var described = await Steps.WaitForEndAsync(job);
        described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Stopped", described.ToString());
        described.GetProperty("SecondaryStatusTransitions").EnumerateArray().Select(t => t.GetProperty("Status").GetString()).ShouldContain("Stopping");
        var waiter = await fixture.Aws("sagemaker", "wait", "training-job-completed-or-stopped", "--training-job-name", job);
        waiter.ExitCode.ShouldBe(0, waiter.StdErr);

        var stopped = await fixture.Aws("sagemaker", "list-training-jobs", "--name-contains", job, "--status-equals", "Stopped");
        RegistryServerFixture.Json(stopped.StdOut).GetProperty("TrainingJobSummaries").GetArrayLength().ShouldBe(1);
        var inProgress = await fixture.Aws("sagemaker", "list-training-jobs", "--name-contains", job, "--status-equals", "InProgress");
        RegistryServerFixture.Json(inProgress.StdOut).GetProperty("TrainingJobSummaries").GetArrayLength().ShouldBe(0);
        var again = await fixture.Aws("sagemaker", "stop-training-job", "--training-job-name", job);
        again.ExitCode.ShouldNotBe(0);
        again.StdErr.ShouldContain("ValidationException");
        (await new RuncClient().ListAsync(setup.Prefix, CancellationToken.None)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task CreateTrainingJob_SameNameTwice_AnswersResourceInUse()
    {
        var setup = await SetUpAsync();
        var job = RegistryServerFixture.Unique("train-dup");
        await CreateJobAsync(setup, job, "model");
        var second = await fixture.Aws(Create(setup, job, "model"));
        second.ExitCode.ShouldNotBe(0);
        second.StdErr.ShouldContain("ResourceInUse");
        (await Steps.WaitForEndAsync(job)).GetProperty("TrainingJobStatus").GetString().ShouldBe("Completed");
    }

    [RuncFact]
    public async Task CreateTrainingJob_ImageOfAnotherRegistryOrVpc_AnswersValidationException()
    {
        var setup = await SetUpAsync();
        var other = await fixture.Aws(Create(setup, RegistryServerFixture.Unique("other"), "model", image: "registry.example.com/team/algo:v1"));
        other.ExitCode.ShouldNotBe(0);
        other.StdErr.ShouldContain("ValidationException");
        other.StdErr.ShouldContain("not in this server's registry");

        var vpc = await fixture.Aws([.. Create(setup, RegistryServerFixture.Unique("vpc"), "model"), "--vpc-config", "SecurityGroupIds=sg-0123456789abcdef0,Subnets=subnet-0123456789abcdef0"]);
        vpc.ExitCode.ShouldNotBe(0);
        vpc.StdErr.ShouldContain("subnet-0123456789abcdef0 in VpcConfig do not exist");

        var two = await fixture.Aws([.. Create(setup, RegistryServerFixture.Unique("two"), "model", instanceCount: 2)]);
        two.ExitCode.ShouldNotBe(0);
        two.StdErr.ShouldContain("InstanceCount 2 needs VpcConfig on this server");
    }

    private sealed record Setup(string Image, string Bucket, string RoleArn, string Prefix);

    private async Task<Setup> SetUpAsync(IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var image = await fixture.PushBusyboxImageAsync("training/busybox", extraFiles);

        var bucket = RegistryServerFixture.Unique("training");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var data = Path.Combine(fixture.WorkDir, RegistryServerFixture.Unique("data") + ".txt");
        await File.WriteAllTextAsync(data, "the training data\n");
        var put = await fixture.Aws("s3", "cp", data, $"s3://{bucket}/input/train/data.txt");
        put.ExitCode.ShouldBe(0, put.StdErr);

        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("sagemaker-role"), "--assume-role-policy-document", TrustPolicy);
        role.ExitCode.ShouldBe(0, role.StdErr);
        var roleArn = RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!;

        // The server names its containers from its data directory (TrainingJobService): the same derivation here.
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(fixture.Server.DataDir))))[..6];
        return new Setup(image, bucket, roleArn, $"sk{tag}-");
    }

    private static string[] Create(
        Setup setup,
        string job,
        string mode,
        string? image = null,
        int instanceCount = 1,
        string? algorithmSpecification = null,
        string? inputDataConfig = null,
        int maxRuntimeSeconds = 120,
        string? extraEnvironment = null) =>
    [
        "sagemaker", "create-training-job",
        "--training-job-name", job,
        "--role-arn", setup.RoleArn,
        "--algorithm-specification", algorithmSpecification ?? $"TrainingImage={image ?? setup.Image},TrainingInputMode=File",
        "--input-data-config", inputDataConfig ?? JsonSerializer.Serialize(new[] { new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{setup.Bucket}/input/train/" } } } }),
        "--output-data-config", $"S3OutputPath=s3://{setup.Bucket}/out",
        "--resource-config", $"InstanceType=ml.m5.large,InstanceCount={instanceCount},VolumeSizeInGB=1",
        "--stopping-condition", $"MaxRuntimeInSeconds={maxRuntimeSeconds}",
        "--hyper-parameters", "epochs=7",
        "--environment", "MODE=" + mode + (extraEnvironment is null ? string.Empty : "," + extraEnvironment),
        "--enable-network-isolation",
    ];

    private async Task CreateJobAsync(Setup setup, string job, string mode)
    {
        await CreateJobAsync(Create(setup, job, mode), job);
    }

    private async Task CreateJobAsync(string[] arguments, string job)
    {
        var create = await fixture.Aws(arguments);
        create.ExitCode.ShouldBe(0, create.StdErr);
        RegistryServerFixture.Json(create.StdOut).GetProperty("TrainingJobArn").GetString().ShouldEndWith(":training-job/" + job);
    }
}
