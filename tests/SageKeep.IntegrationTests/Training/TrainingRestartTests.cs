using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SageKeep.IntegrationTests.Registry;
using SageKeep.IntegrationTests.Runtime;
using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Training;

/// <summary>
/// kill -9 of the server while a job trains, a restart on the same data directory: the job is re-attached (its
/// container kept running under its own parent) and StopTrainingJob on the new process ends it Stopped; afterwards no
/// runc container, network namespace or cgroup of this server is left on the host.
/// </summary>
public sealed class TrainingRestartTests
{
    [RuncFact]
    public async Task ServerKilledMidTraining_RestartReattachesTheJob_ThenItStopsWithNothingLeftBehind()
    {
        var fixture = new RegistryServerFixture();
        await fixture.InitializeAsync();
        string? tag = null;
        try
        {
            var dataDir = fixture.Server.DataDir;
            tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..6];
            var job = await StartSleepingJobAsync(fixture);

            // SIGKILL: nothing in the server runs after this, its containers stay.
            await fixture.KillServerAsync();
            (await new RuncClient().ListAsync($"sk{tag}-", CancellationToken.None)).ShouldNotBeEmpty();
            await fixture.RestartAsync();
            Task<(int ExitCode, string StdOut, string StdErr)> Aws(params string[] arguments) => fixture.Aws(arguments);

            var reattached = RegistryServerFixture.Json((await Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            reattached.GetProperty("TrainingJobStatus").GetString().ShouldBe("InProgress", reattached.ToString());
            reattached.GetProperty("SecondaryStatus").GetString().ShouldBe("Training");
            var stop = await Aws("sagemaker", "stop-training-job", "--training-job-name", job);
            stop.ExitCode.ShouldBe(0, stop.StdErr);
            JsonElement described = default;
            for (var attempt = 0; attempt < 600; attempt++)
            {
                described = RegistryServerFixture.Json((await Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
                if (described.GetProperty("TrainingJobStatus").GetString() is "Completed" or "Failed" or "Stopped")
                {
                    break;
                }

                await Task.Delay(200);
            }

            described.GetProperty("TrainingJobStatus").GetString().ShouldBe("Stopped", described.ToString());
            var logs = await Aws("logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs", "--log-stream-name-prefix", job + "/", "--filter-pattern", "SIGTERM");
            logs.ExitCode.ShouldBe(0, logs.StdErr);
            RegistryServerFixture.Json(logs.StdOut).GetProperty("events").GetArrayLength().ShouldBe(1);

            (await new RuncClient().ListAsync($"sk{tag}-", CancellationToken.None)).ShouldBeEmpty();
            var netns = await HostCommand.RunAsync("ip", ["netns", "list"], CancellationToken.None);
            netns.Stdout.ShouldNotContain($"sk{tag}-");
            new CgroupV1().Children("/sagekeep-" + tag).ShouldBeEmpty();
        }
        finally
        {
            // Also removes the cgroup parent the killed servers' runner never removed (same data directory, same name).
            await fixture.DisposeAsync();
        }
    }

    private static async Task<string> StartSleepingJobAsync(RegistryServerFixture fixture)
    {
        var image = await fixture.PushBusyboxImageAsync("training/restart");
        var bucket = RegistryServerFixture.Unique("restart");
        (await fixture.Aws("s3", "mb", "s3://" + bucket)).ExitCode.ShouldBe(0);
        var data = Path.Combine(fixture.WorkDir, "data.txt");
        await File.WriteAllTextAsync(data, "data\n");
        (await fixture.Aws("s3", "cp", data, $"s3://{bucket}/input/train/data.txt")).ExitCode.ShouldBe(0);
        var role = await fixture.Aws("iam", "create-role", "--role-name", RegistryServerFixture.Unique("role"), "--assume-role-policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        role.ExitCode.ShouldBe(0, role.StdErr);
        var job = RegistryServerFixture.Unique("train-restart");
        var create = await fixture.Aws(
            "sagemaker", "create-training-job",
            "--training-job-name", job,
            "--role-arn", RegistryServerFixture.Json(role.StdOut).GetProperty("Role").GetProperty("Arn").GetString()!,
            "--algorithm-specification", $"TrainingImage={image},TrainingInputMode=File",
            "--input-data-config", JsonSerializer.Serialize(new[] { new { ChannelName = "train", DataSource = new { S3DataSource = new { S3DataType = "S3Prefix", S3Uri = $"s3://{bucket}/input/train/" } } } }),
            "--output-data-config", $"S3OutputPath=s3://{bucket}/out",
            "--resource-config", "InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1",
            "--stopping-condition", "MaxRuntimeInSeconds=600",
            "--environment", "MODE=sleep",
            "--enable-network-isolation");
        create.ExitCode.ShouldBe(0, create.StdErr);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var poll = RegistryServerFixture.Json((await fixture.Aws("sagemaker", "describe-training-job", "--training-job-name", job)).StdOut);
            if (poll.GetProperty("SecondaryStatus").GetString() == "Training")
            {
                return job;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"training job {job} never started training");
    }
}
