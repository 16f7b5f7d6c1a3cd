using Microsoft.Extensions.Logging.Abstractions;
using SageKeep.Runtime.Images;
using SageKeep.Runtime.Jobs;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;
using SageKeep.Scanning.Images;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>
/// One busybox image, unpacked once into a rootfs cache, and a unique name prefix and cgroup parent for the test
/// class, so cleanup checks and orphan removal only ever see this class's objects.
/// </summary>
public sealed class RuntimeFixture : IDisposable
{
    public RuntimeFixture()
    {
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        Prefix = $"sktest{suffix}-";
        CgroupParent = "/sagekeep-test-" + suffix;
        Root = Path.Combine(Path.GetTempPath(), "sagekeep-runtime-tests-" + suffix);
        Directory.CreateDirectory(Root);
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_000_001);
        if (RuntimeHost.MissingRequirement() is null)
        {
            var layout = Path.Combine(Root, "image");
            Directory.CreateDirectory(layout);
            ManifestDigest = BusyboxImage.Write(layout, RuntimeHost.Busybox!);
            Cache = new RootfsCache(Path.Combine(Root, "rootfs-cache"), UserNamespaceMapping.Default, NullLogger.Instance);
            Image = Cache.GetAsync(new ImageSource(layout), CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public string Prefix { get; }

    public string CgroupParent { get; }

    public string Root { get; }

    public string? ManifestDigest { get; }

    public RootfsCache? Cache { get; }

    public CachedRootfs? Image { get; }

    public TrainingJobRunner CreateRunner(RecordingSinks sinks, Func<TrainingJobRunnerOptions, TrainingJobRunnerOptions>? adjust = null)
    {
        var options = new TrainingJobRunnerOptions
        {
            WorkDirectory = Path.Combine(Root, "runs"),
            NamePrefix = Prefix,
            CgroupParent = CgroupParent,
            Host = new HostCapacity(1, 256L * 1024 * 1024),
            MaxConcurrentJobs = 2,
            MaxQueuedJobs = 2,
            DefaultStopTimeout = TimeSpan.FromSeconds(5),
            LogPollInterval = TimeSpan.FromMilliseconds(50),
        };
        return new TrainingJobRunner(adjust?.Invoke(options) ?? options, TimeProvider.System, sinks, sinks, NullLogger.Instance);
    }

    public TrainingJobDefinition Job(string mode, Func<TrainingJobDefinition, TrainingJobDefinition>? adjust = null)
    {
        var name = "job-" + mode + "-" + Guid.NewGuid().ToString("N")[..8];
        var job = new TrainingJobDefinition
        {
            Name = name,
            Arn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/" + name,
            Image = Image!,
            InstanceType = "ml.m5.large",
            Environment = new Dictionary<string, string> { ["MODE"] = mode },
            OutputDirectory = Path.Combine(Root, "output", name),
            EnableNetworkIsolation = true,
        };
        return adjust?.Invoke(job) ?? job;
    }

    public void Dispose()
    {
        // The cgroup parent directories runc leaves behind (RUNTIME-NOTES: runc keeps the parents of cgroupsPath), in
        // every hierarchy including the cgroup v2 "unified" one of hybrid hosts; only this fixture's own parent, deepest first.
        new CgroupV1().Remove(CgroupParent);
        Directory.Delete(Root, recursive: true);
    }
}
