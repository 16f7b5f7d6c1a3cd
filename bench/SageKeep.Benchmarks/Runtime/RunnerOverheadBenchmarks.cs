using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Logging.Abstractions;
using SageKeep.Runtime.Images;
using SageKeep.Runtime.Jobs;
using SageKeep.Runtime.Oci;
using SageKeep.Runtime.Runc;
using SageKeep.Scanning.Images;

namespace SageKeep.Benchmarks.Runtime;

/// <summary>
/// What the training job runner adds before a job trains: admission, workspace and config files, network
/// namespace, config.json, runc run, until the Training transition. Baseline in the same run: a bare
/// <c>runc run</c> of an equivalent bundle (same rootfs, mounts, namespaces, seccomp, limits) until runc reports
/// the container running. Needs root and runc; one container per invocation (Monitoring strategy), in process.
/// Target: under 0.5 s added per job.
/// </summary>
[Config(typeof(OverheadConfig))]
public class RunnerOverheadBenchmarks : IDisposable
{
    private static readonly string[] ImageEnv = ["PATH=/usr/local/bin:/bin"];

    private readonly string _prefix = "skbench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)) + "-";
    private string _work = string.Empty;
    private CachedRootfs? _image;
    private TrainingJobRunner? _runner;
    private TrainingSignal? _signal;
    private Task<TrainingJobOutcome>? _pending;
    private string _bundle = string.Empty;
    private RuncRun? _bare;
    private string _bareId = string.Empty;
    private int _counter;
    private readonly RuncClient _runc = new();

    [GlobalSetup]
    public void Setup()
    {
        _work = Path.Combine(Path.GetTempPath(), "sagekeep-bench-runtime-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        File.SetUnixFileMode(_work, (UnixFileMode)0b111_000_001);
        var layout = Path.Combine(_work, "image");
        Directory.CreateDirectory(layout);
        WriteImage(layout);
        var cache = new RootfsCache(Path.Combine(_work, "cache"), UserNamespaceMapping.Default, NullLogger.Instance);
        _image = cache.GetAsync(new ImageSource(layout), CancellationToken.None).GetAwaiter().GetResult();
        _signal = new TrainingSignal();
        _runner = new TrainingJobRunner(
            new TrainingJobRunnerOptions { WorkDirectory = Path.Combine(_work, "runs"), NamePrefix = _prefix, CgroupParent = "/" + _prefix + "cg", MaxConcurrentJobs = 1, MaxQueuedJobs = 1 },
            TimeProvider.System,
            _signal,
            _signal,
            NullLogger.Instance);
        _bundle = Path.Combine(_work, "bare");
        foreach (var dir in new[] { "config", "data", "model", "output" })
        {
            Directory.CreateDirectory(Path.Combine(_bundle, dir));
        }

        HostCommand.CheckedAsync("chown", ["-R", "100000:100000", _bundle], CancellationToken.None).GetAwaiter().GetResult();
        File.SetUnixFileMode(_bundle, (UnixFileMode)0b111_101_101);
    }

    [IterationSetup(Target = nameof(BareRuncRun))]
    public void SetupBare()
    {
        _bareId = _prefix + "bare" + _counter++;
        OciConfigWriter.WriteBundleAsync(_bundle, new ContainerSpec
        {
            RootfsPath = _image!.RootfsPath,
            Args = ["train"],
            Env = ["PATH=/usr/local/bin:/bin"],
            Mounts =
            [
                new BindMount(Path.Combine(_bundle, "config"), "/opt/ml/input/config", true),
                new BindMount(Path.Combine(_bundle, "data"), "/opt/ml/input/data", true),
                new BindMount(Path.Combine(_bundle, "model"), "/opt/ml/model", false),
                new BindMount(Path.Combine(_bundle, "output"), "/opt/ml/output", false),
            ],
            Limits = InstanceTypes.LimitsFor("ml.m5.large", HostCapacity.Detect())!,
            CgroupsPath = "/" + _prefix + "cg/" + _bareId,
        }, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task BareRuncRun()
    {
        var logs = Path.Combine(_work, _bareId);
        _bare = _runc.Run(_bareId, _bundle, logs + ".out", logs + ".err", logs + ".exit");
        while (!_bare.HasExited && await _runc.StateAsync(_bareId, CancellationToken.None) is not { Status: "running" or "stopped" })
        {
            await Task.Delay(10);
        }
    }

    [IterationCleanup(Target = nameof(BareRuncRun))]
    public void CleanupBare()
    {
        _bare!.WaitForExitAsync(TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        _bare.Dispose();
        _runc.DeleteAsync(_bareId, CancellationToken.None).GetAwaiter().GetResult();
        new CgroupV1().Remove("/" + _prefix + "cg/" + _bareId);
    }

    [Benchmark]
    public async Task RunnerStartToTraining()
    {
        var training = _signal!.Arm();
        var start = _runner!.Start(new TrainingJobDefinition
        {
            Name = "bench-" + _counter++,
            Arn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/bench",
            Image = _image!,
            InstanceType = "ml.m5.large",
            EnableNetworkIsolation = true,
            OutputDirectory = Path.Combine(_work, "output"),
        });
        _pending = start.Handle!.Completion;
        await training;
    }

    [IterationCleanup(Target = nameof(RunnerStartToTraining))]
    public void CleanupRunner() => _pending!.GetAwaiter().GetResult();

    public void Dispose()
    {
        _runner?.Dispose();
        GC.SuppressFinalize(this);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runner?.Dispose();
        foreach (var controller in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Join(controller, _prefix + "cg");
            if (Directory.Exists(parent))
            {
                Directory.Delete(parent);
            }
        }

        Directory.Delete(_work, recursive: true);
    }

    /// <summary>A one-layer image from the host's static busybox whose train script exits at once.</summary>
    private static void WriteImage(string layout)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            using (var busybox = File.OpenRead("/bin/busybox"))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101, DataStream = busybox });
            }

            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" });
            var script = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\nexit 0\n"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "usr/local/bin/train") { Mode = (UnixFileMode)0b111_101_101, DataStream = script });
        }

        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(tar.ToArray());
        }

        var layer = gzip.ToArray();
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new Dictionary<string, object> { ["Env"] = ImageEnv },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = new[] { Digest(tar.ToArray()) } },
        });
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", Blob(layout, config), config.Length),
            ["layers"] = new[] { Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Blob(layout, layer), layer.Length) },
        });
        var index = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new[] { Descriptor("application/vnd.oci.image.manifest.v1+json", Blob(layout, manifest), manifest.Length) },
        });
        File.WriteAllBytes(Path.Combine(layout, "index.json"), index);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static Dictionary<string, object> Descriptor(string mediaType, string digest, int size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static string Blob(string layout, byte[] content)
    {
        var digest = Digest(content);
        var blobs = Path.Combine(layout, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(Path.Combine(blobs, digest["sha256:".Length..]), content);
        return digest;
    }

    private sealed class OverheadConfig : ManualConfig
    {
        public OverheadConfig() =>
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
    }
}
