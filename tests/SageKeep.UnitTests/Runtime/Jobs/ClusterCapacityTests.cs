using System.Formats.Tar;
using System.IO.Compression;
using SageKeep.Runtime.Jobs;

namespace SageKeep.UnitTests.Runtime.Jobs;

/// <summary>The instance-counting capacity gate, the names of a distributed run's instances, and the merged model archive.</summary>
public sealed class ClusterCapacityTests
{
    [Fact]
    public async Task Gate_TakesAllInstancesAtOnce_InArrivalOrder_AndReleasesThem()
    {
        using var gate = new CapacityGate(3, 4);
        gate.TryEnterNow(2).ShouldBeTrue();
        gate.TryEnterNow(2).ShouldBeFalse();

        // A two-instance job waits; a one-instance job behind it does not overtake it although one slot is free.
        using var cancel = new CancellationTokenSource();
        var big = gate.EnterAsync(2, cancel.Token);
        var small = gate.EnterAsync(1, CancellationToken.None);
        big.IsCompleted.ShouldBeFalse();
        small.IsCompleted.ShouldBeFalse();
        gate.TryEnterNow(1).ShouldBeFalse();

        gate.ReleaseSlot(2);
        await big;
        await small;
        gate.TryEnterNow(1).ShouldBeFalse();
        gate.ReleaseSlot(2);
        gate.ReleaseSlot(1);
        gate.TryEnterNow(3).ShouldBeTrue();
    }

    [Fact]
    public async Task Gate_CancelledWaiter_LetsTheNextOneIn()
    {
        using var gate = new CapacityGate(2, 4);
        gate.TryEnterNow(1).ShouldBeTrue();
        using var cancel = new CancellationTokenSource();
        var big = gate.EnterAsync(2, cancel.Token);
        var small = gate.EnterAsync(1, CancellationToken.None);
        small.IsCompleted.ShouldBeFalse();
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => big);
        await small;
        gate.TryEnterNow(1).ShouldBeFalse();
    }

    [Fact]
    public void Members_NameInstancesAfterTheRun_AndMapBackToIt()
    {
        var members = ClusterMember.Of("skabc-0123456789", new JobWorkspace("/runs/0123456789"), 3);
        members.Select(m => m.Host).ShouldBe(["algo-1", "algo-2", "algo-3"]);
        members.Select(m => m.ContainerId).ShouldBe(["skabc-0123456789", "skabc-0123456789-2", "skabc-0123456789-3"]);
        members[2].Workspace.Root.ShouldBe("/runs/0123456789/instances/algo-3");
        ClusterMember.RunIdOf("0123456789-2").ShouldBe("0123456789");
        ClusterMember.RunIdOf("0123456789").ShouldBe("0123456789");
        ClusterMember.RunIdOf("0123456789-x").ShouldBe("0123456789-x");
    }

    [Fact]
    public async Task ModelArchive_MergesInstances_FirstInstanceWinsAClash()
    {
        var root = Path.Combine(Path.GetTempPath(), "sagekeep-unit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = Path.Combine(root, "1");
            var second = Path.Combine(root, "2");
            Directory.CreateDirectory(Path.Combine(first, "sub"));
            Directory.CreateDirectory(Path.Combine(second, "sub"));
            Directory.CreateDirectory(Path.Combine(second, "clash"));
            await File.WriteAllTextAsync(Path.Combine(first, "model.bin"), "one");
            await File.WriteAllTextAsync(Path.Combine(second, "model.bin"), "two");
            await File.WriteAllTextAsync(Path.Combine(first, "sub", "a.txt"), "a");
            await File.WriteAllTextAsync(Path.Combine(second, "sub", "b.txt"), "b");
            await File.WriteAllTextAsync(Path.Combine(first, "clash"), "file");
            await File.WriteAllTextAsync(Path.Combine(second, "clash", "hidden.txt"), "x");
            var archive = Path.Combine(root, "model.tar.gz");
            await ModelArchive.CreateAsync([first, second], archive, CancellationToken.None);

            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                files[entry.Name] = entry.DataStream is { } data ? await new StreamReader(data).ReadToEndAsync() : string.Empty;
            }

            files.Keys.Order(StringComparer.Ordinal).ShouldBe(["clash", "model.bin", "sub/", "sub/a.txt", "sub/b.txt"]);
            files["model.bin"].ShouldBe("one");
            files["clash"].ShouldBe("file");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
