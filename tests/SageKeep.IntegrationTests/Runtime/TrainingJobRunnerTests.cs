using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SageKeep.Runtime.Jobs;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>Training jobs in real runc containers, from a busybox image built by the test; every test checks the host is clean afterwards.</summary>
public sealed class TrainingJobRunnerTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    private static readonly TimeSpan JobBound = TimeSpan.FromSeconds(120);

    [RuncFact]
    public async Task Job_ReadingChannelAndHyperparameters_CompletesWithTheModelArchive()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);
        var channel = Path.Combine(fixture.Root, "channel-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(channel);
        await File.WriteAllTextAsync(Path.Combine(channel, "data.txt"), "hello from the channel\n");
        var job = fixture.Job("model", j => j with
        {
            HyperParameters = new Dictionary<string, string> { ["epochs"] = "3", ["lr"] = "0.1" },
            Channels = [new TrainingChannel("train", channel, "text/csv")],
        });

        var (outcome, runId) = await RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.Completed, outcome.FailureReason);
        outcome.ExitCode.ShouldBe(0);
        sinks.StatesOf(job.Name).ShouldBe([TrainingJobState.Starting, TrainingJobState.Downloading, TrainingJobState.Training, TrainingJobState.Uploading, TrainingJobState.Completed]);
        var model = await ReadArchiveAsync(outcome.ModelArtifactPath!);
        model["data-copy.txt"].ShouldBe("hello from the channel\n");
        model["hyperparameters.json"].ShouldBe("{\"epochs\":\"3\",\"lr\":\"0.1\"}");
        model["inputdataconfig.json"].ShouldContain("\"train\":{\"ContentType\":\"text/csv\",\"TrainingInputMode\":\"File\"");
        model["env.txt"].ShouldBe($"{job.Name}|{job.Arn}|from-image\n");
        model["uid.txt"].ShouldBe("0\n");
        model["sub/file.txt"].ShouldBe("nested\n");

        // Hardening as the kernel reports it: the kept capabilities only (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
        // SETGID, SETUID, NET_BIND_SERVICE = 0x4fb), no_new_privs, a seccomp filter, root mapped to 100000.
        model["status.txt"].ShouldContain("CapEff:\t00000000000004fb");
        model["status.txt"].ShouldContain("CapBnd:\t00000000000004fb");
        model["status.txt"].ShouldContain("NoNewPrivs:\t1");
        model["status.txt"].ShouldContain("Seccomp:\t2");
        model["uid_map.txt"].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["0", "100000", "65536\n"]);
        model.ShouldNotContainKey("violations.txt", model.GetValueOrDefault("violations.txt"));
        sinks.LogOf().ShouldContain("training done");
        await AssertCleanAsync(runId);
    }

    [RuncFact]
    public async Task Job_WritingFailureFile_FailsWithThatReason()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);
        var job = fixture.Job("fail");

        var (outcome, runId) = await RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.Failed);
        outcome.ExitCode.ShouldBe(3);
        outcome.FailureReason.ShouldBe("AlgorithmError: bad hyperparameter: epochs must be positive");
        sinks.Transitions[^1].FailureReason.ShouldBe(outcome.FailureReason);
        sinks.Events.ShouldContain(e => e.FromStderr && e.Message == "about to fail");
        await AssertCleanAsync(runId);
    }

    [RuncFact]
    public async Task Job_LeavingFifosAndHostLinks_CompletesWithoutReadingThem()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);
        var job = fixture.Job("hostile");

        var (outcome, runId) = await RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.Completed, outcome.FailureReason);
        var entries = new Dictionary<string, TarEntryType>(StringComparer.Ordinal);
        await using (var gzip = new GZipStream(File.OpenRead(outcome.ModelArtifactPath!), CompressionMode.Decompress))
        await using (var reader = new TarReader(gzip))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                entries[entry.Name] = entry.EntryType;
            }
        }

        entries.ShouldBe(new Dictionary<string, TarEntryType> { ["ok.txt"] = TarEntryType.RegularFile, ["shadow"] = TarEntryType.SymbolicLink });
        await AssertCleanAsync(runId);
    }

    [RuncFact]
    public async Task Job_PastMaxRuntime_IsKilledAndEndsMaxRuntimeExceeded()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);

        // "stubborn" ignores SIGTERM (a shell as PID 1 has no default action for it), so SIGKILL must follow.
        var job = fixture.Job("stubborn", j => j with { MaxRuntime = TimeSpan.FromSeconds(2), StopTimeout = TimeSpan.FromSeconds(1) });

        var (outcome, runId) = await RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.MaxRuntimeExceeded);
        outcome.ExitCode.ShouldBe(137);
        sinks.Transitions[^1].PrimaryStatus.ShouldBe("Stopped");
        await AssertCleanAsync(runId);
    }

    [RuncFact]
    public async Task Stop_SendsSigtermAndEndsStopped()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks);
        var job = fixture.Job("sleep");
        var start = runner.Start(job);
        start.Error.ShouldBeNull();

        await sinks.WaitForAsync(job.Name, TrainingJobState.Training);
        runner.Stop(job.Name).ShouldBeTrue();
        var outcome = await start.Handle!.Completion.WaitAsync(JobBound);

        outcome.State.ShouldBe(TrainingJobState.Stopped);
        outcome.ExitCode.ShouldBe(0);
        sinks.StatesOf(job.Name).ShouldContain(TrainingJobState.Stopping);
        sinks.LogOf().ShouldContain("got SIGTERM");
        await AssertCleanAsync(start.Handle.RunId);
    }

    [RuncFact]
    public async Task Job_AllocatingBeyondItsMemoryLimit_FailsWithOutOfMemoryReason()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks, o => o with { Host = new SageKeep.Runtime.Oci.HostCapacity(1, 48L * 1024 * 1024) });
        var job = fixture.Job("oom");

        var (outcome, runId) = await RunAsync(runner, job);

        outcome.State.ShouldBe(TrainingJobState.Failed);
        outcome.ExitCode.ShouldBe(137);
        outcome.FailureReason!.ShouldStartWith("OutOfMemoryError");
        await AssertCleanAsync(runId);
    }

    [RuncFact]
    public async Task Start_BeyondRunningAndQueueLimits_AnswersResourceLimitExceeded()
    {
        var sinks = new RecordingSinks();
        using var runner = fixture.CreateRunner(sinks, o => o with { MaxConcurrentJobs = 1, MaxQueuedJobs = 1 });
        var first = runner.Start(fixture.Job("sleep"));
        var second = runner.Start(fixture.Job("sleep"));
        var third = runner.Start(fixture.Job("sleep"));

        third.Error!.Code.ShouldBe("ResourceLimitExceeded");
        await sinks.WaitForAsync(first.Handle!.JobName, TrainingJobState.Training);
        sinks.Transitions.ShouldContain(t => t.JobName == second.Handle!.JobName && t.Message == "Waiting for capacity");
        runner.Stop(second.Handle!.JobName).ShouldBeTrue();
        (await second.Handle.Completion.WaitAsync(JobBound)).State.ShouldBe(TrainingJobState.Stopped);
        runner.Stop(first.Handle.JobName).ShouldBeTrue();
        (await first.Handle.Completion.WaitAsync(JobBound)).State.ShouldBe(TrainingJobState.Stopped);
        sinks.StatesOf(second.Handle.JobName).ShouldNotContain(TrainingJobState.Training);
        await AssertCleanAsync(first.Handle.RunId);
        await AssertCleanAsync(second.Handle.RunId);
    }

    internal static async Task<(TrainingJobOutcome Outcome, string RunId)> RunAsync(TrainingJobRunner runner, TrainingJobDefinition job)
    {
        var start = runner.Start(job);
        start.Error.ShouldBeNull();
        return (await start.Handle!.Completion.WaitAsync(JobBound), start.Handle.RunId);
    }

    internal static async Task<Dictionary<string, string>> ReadArchiveAsync(string path)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data, Encoding.UTF8);
                files[entry.Name] = await text.ReadToEndAsync();
            }
        }

        return files;
    }

    private async Task AssertCleanAsync(string runId)
    {
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, runId)).ShouldBeEmpty();
        Directory.Exists(Path.Combine(fixture.Root, "runs", runId)).ShouldBeFalse();
    }
}
