using System.Text.Json;
using SageKeep.Runtime.Oci;

namespace SageKeep.UnitTests.Runtime.Oci;

/// <summary>The hardening of config.json that must hold for every training container.</summary>
public sealed class OciConfigWriterTests
{
    private static readonly ContainerSpec Spec = new()
    {
        RootfsPath = "/cache/rootfs",
        Args = ["/bin/algo", "train"],
        Env = ["PATH=/bin", "TRAINING_JOB_NAME=j"],
        Mounts = [new BindMount("/w/config", "/opt/ml/input/config", ReadOnly: true), new BindMount("/w/model", "/opt/ml/model", ReadOnly: false)],
        Limits = new ContainerLimits(512L * 1024 * 1024, 1.5, 4096),
        CgroupsPath = "/sagekeep/c1",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("/var/run/netns/sagekeep-abc")]
    public void Render_AlwaysListsTheNetworkNamespace(string? path)
    {
        using var config = Render(Spec with { NetworkNamespacePath = path });

        var network = config.RootElement.GetProperty("linux").GetProperty("namespaces").EnumerateArray().Single(n => n.GetProperty("type").GetString() == "network");
        (network.TryGetProperty("path", out var p) ? p.GetString() : null).ShouldBe(path);
    }

    [Fact]
    public void Render_HardensProcessRootAndLinux()
    {
        using var config = Render(Spec);
        var root = config.RootElement;
        var process = root.GetProperty("process");

        process.GetProperty("noNewPrivileges").GetBoolean().ShouldBeTrue();
        process.GetProperty("terminal").GetBoolean().ShouldBeFalse();
        Strings(process.GetProperty("capabilities").GetProperty("bounding")).ShouldBe(ContainerCapabilities.Kept);
        Strings(process.GetProperty("capabilities").GetProperty("ambient")).ShouldBeEmpty();
        process.GetProperty("rlimits").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "RLIMIT_NOFILE").GetProperty("hard").GetInt64().ShouldBeLessThanOrEqualTo(OciConfigWriter.MaxOpenFiles);
        root.GetProperty("root").GetProperty("readonly").GetBoolean().ShouldBeTrue();
        var linux = root.GetProperty("linux");
        Strings(linux.GetProperty("namespaces"), "type").ShouldBe(["pid", "ipc", "uts", "mount", "user", "network"], ignoreOrder: true);
        linux.GetProperty("uidMappings")[0].GetProperty("hostID").GetInt32().ShouldBe(UserNamespaceMapping.Default.HostId);
        linux.GetProperty("seccomp").GetProperty("syscalls")[0].GetProperty("action").GetString().ShouldBe("SCMP_ACT_ERRNO");
        Strings(linux.GetProperty("seccomp").GetProperty("syscalls")[0].GetProperty("names")).ShouldContain("ptrace");
        Strings(linux.GetProperty("maskedPaths")).ShouldContain("/proc/kcore");
        Strings(linux.GetProperty("readonlyPaths")).ShouldContain("/proc/sys");
        var resources = linux.GetProperty("resources");
        resources.GetProperty("memory").GetProperty("limit").GetInt64().ShouldBe(512L * 1024 * 1024);
        resources.GetProperty("memory").GetProperty("swap").GetInt64().ShouldBe(512L * 1024 * 1024);
        resources.GetProperty("cpu").GetProperty("quota").GetInt64().ShouldBe(150_000);
        resources.GetProperty("pids").GetProperty("limit").GetInt64().ShouldBe(4096);
    }

    [Fact]
    public void Render_BindMountsKeepTheirModeAndAreNosuidNodev()
    {
        using var config = Render(Spec);
        var mounts = config.RootElement.GetProperty("mounts").EnumerateArray().ToList();

        Strings(mounts.Single(m => m.GetProperty("destination").GetString() == "/opt/ml/input/config").GetProperty("options")).ShouldBe(["rbind", "ro", "nosuid", "nodev"]);
        Strings(mounts.Single(m => m.GetProperty("destination").GetString() == "/opt/ml/model").GetProperty("options")).ShouldBe(["rbind", "rw", "nosuid", "nodev"]);
        mounts.Single(m => m.GetProperty("destination").GetString() == "/tmp").GetProperty("type").GetString().ShouldBe("tmpfs");
        Strings(mounts.Single(m => m.GetProperty("destination").GetString() == "/sys").GetProperty("options")).ShouldContain("ro");
    }

    [Theory]
    [InlineData("ml.m5.large", 64, 2, 8)]
    [InlineData("ml.m5.xlarge", 64, 2, 16)]
    [InlineData("ml.c5.2xlarge", 6, 2, 6)]
    public void LimitsFor_ScalesTheInstanceTypeDownToTheHost(string type, int hostGib, double expectedCpus, long expectedGib)
    {
        var limits = InstanceTypes.LimitsFor(type, new HostCapacity(2, hostGib * 1024L * 1024 * 1024))!;

        limits.Cpus.ShouldBe(expectedCpus);
        limits.MemoryBytes.ShouldBe(expectedGib * 1024 * 1024 * 1024);
    }

    [Fact]
    public void LimitsFor_UnknownType_IsNull() => InstanceTypes.LimitsFor("ml.imaginary.huge", new HostCapacity(2, 1L << 30)).ShouldBeNull();

    private static JsonDocument Render(ContainerSpec spec) => JsonDocument.Parse(OciConfigWriter.Render(spec));

    private static string[] Strings(JsonElement array, string? property = null) =>
        [.. array.EnumerateArray().Select(e => (property is null ? e : e.GetProperty(property)).GetString()!)];
}
