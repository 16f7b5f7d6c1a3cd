using SageKeep.Runtime.Jobs;
using SageKeep.Scanning.Images;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>Reconciliation at start: orphans with our prefix are removed, persisted runs without a container end Failed.</summary>
public sealed class ReconcileTests(RuntimeFixture fixture) : IClassFixture<RuntimeFixture>
{
    [RuncFact]
    public async Task Reconcile_ContainerNobodyPersisted_IsRemovedAsAnOrphan()
    {
        var sinks = new RecordingSinks();
        using var first = fixture.CreateRunner(sinks);
        var job = fixture.Job("stubborn");
        var start = first.Start(job);
        await sinks.WaitForAsync(job.Name, TrainingJobState.Training);
        var runId = start.Handle!.RunId;
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, runId)).ShouldNotBeEmpty();

        // A second runner over the same work directory and prefix, as after a restart that persisted nothing.
        using var restarted = fixture.CreateRunner(new RecordingSinks());
        var report = await restarted.ReconcileAsync([], CancellationToken.None);

        report.OrphansRemoved.ShouldContain(runId);
        report.Reattached.ShouldBeEmpty();
        var outcome = await start.Handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        outcome.State.ShouldBe(TrainingJobState.Failed);
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, runId)).ShouldBeEmpty();
        Directory.Exists(Path.Combine(fixture.Root, "runs", runId)).ShouldBeFalse();
    }

    [RuncFact]
    public async Task Reconcile_PersistedLiveRun_IsReattachedAndFinishesWithEveryLogLineOnce()
    {
        var before = new RecordingSinks();
        using var first = fixture.CreateRunner(before);
        var job = fixture.Job("ticks");
        var start = first.Start(job);
        await before.WaitForAsync(job.Name, TrainingJobState.Training);
        for (var i = 0; i < 100 && !before.LogOf().Contains("tick 1", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        // The first runner goes away without touching the container, as a crashed server would.
        first.Detach(job.Name).ShouldBeTrue();
        (await start.Handle!.Completion.WaitAsync(TimeSpan.FromSeconds(30))).State.ShouldBe(TrainingJobState.Training);
        var after = new RecordingSinks();
        using var restarted = fixture.CreateRunner(after);
        var report = await restarted.ReconcileAsync([start.Handle.RunId], CancellationToken.None);

        report.Reattached.Select(h => h.JobName).ShouldBe([job.Name]);
        report.OrphansRemoved.ShouldBeEmpty();
        var outcome = await report.Reattached[0].Completion.WaitAsync(TimeSpan.FromSeconds(60));
        outcome.State.ShouldBe(TrainingJobState.Completed, outcome.FailureReason);
        (await TrainingJobRunnerTests.ReadArchiveAsync(outcome.ModelArtifactPath!))["survived.txt"].ShouldBe("survived\n");
        var ticks = before.Events.Concat(after.Events).Select(e => e.Message).Where(m => m.StartsWith("tick", StringComparison.Ordinal)).ToList();
        ticks.ShouldBe(["tick 1", "tick 2", "tick 3", "tick 4", "tick 5"]);
        after.Events.ShouldContain(e => e.Message == "tick 5");
        (await HostLeftovers.FindAsync(fixture.Prefix, fixture.CgroupParent, start.Handle.RunId)).ShouldBeEmpty();
    }

    [RuncFact]
    public async Task Reconcile_PersistedRunWithoutContainer_IsReportedDead()
    {
        using var runner = fixture.CreateRunner(new RecordingSinks());

        var report = await runner.ReconcileAsync(["0123456789", "../../etc"], CancellationToken.None);

        report.Dead.Select(d => d.RunId).ShouldBe(["0123456789", "../../etc"]);
        report.Dead.ShouldAllBe(d => d.JobName == null && d.Reason.StartsWith("InternalServerError", StringComparison.Ordinal));
    }

    [RuncFact]
    public async Task RootfsCache_SameImageTwice_UnpacksOnce()
    {
        var marker = Path.Combine(fixture.Image!.RootfsPath, "..", "unpacked-once-marker");
        await File.WriteAllTextAsync(marker, "x");

        var again = await fixture.Cache!.GetAsync(new ImageSource(Path.Combine(fixture.Root, "image")), CancellationToken.None);

        again.RootfsPath.ShouldBe(fixture.Image.RootfsPath);
        again.Digest.ShouldBe(fixture.ManifestDigest);
        File.Exists(marker).ShouldBeTrue();
        File.Delete(marker);
        var tmp = File.Exists(Path.Combine(again.RootfsPath, "tmp")) ? "file" : Convert.ToString((int)File.GetUnixFileMode(Path.Combine(again.RootfsPath, "tmp")), 8);
        tmp.ShouldBe("1777");
        Directory.Exists(Path.Combine(again.RootfsPath, "opt", "ml", "model")).ShouldBeTrue();
    }
}
