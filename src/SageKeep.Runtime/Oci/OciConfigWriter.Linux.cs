using System.Text.Json;

namespace SageKeep.Runtime.Oci;

/// <summary>The "linux" object: namespaces, id mappings, cgroup resources, seccomp and the hidden parts of /proc.</summary>
public static partial class OciConfigWriter
{
    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
    ];

    private static readonly string[] ReadonlyPaths =
    [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    private static void WriteLinux(Utf8JsonWriter json, ContainerSpec spec)
    {
        json.WriteStartObject("linux");
        json.WriteStartArray("namespaces");
        foreach (var kind in new[] { "pid", "ipc", "uts", "mount", "user" })
        {
            json.WriteStartObject();
            json.WriteString("type", kind);
            json.WriteEndObject();
        }

        // ALWAYS listed: an omitted network namespace means the host's (runtime-spec config-linux.md "Namespaces").
        json.WriteStartObject();
        json.WriteString("type", "network");
        if (spec.NetworkNamespacePath is { } path)
        {
            json.WriteString("path", path);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        WriteMapping(json, "uidMappings", spec.Mapping);
        WriteMapping(json, "gidMappings", spec.Mapping);
        WriteResources(json, spec.Limits, spec.MemoryLimitedByParent);
        json.WriteString("cgroupsPath", spec.CgroupsPath);
        WriteSeccomp(json);
        WriteArray(json, "maskedPaths", MaskedPaths);
        WriteArray(json, "readonlyPaths", ReadonlyPaths);
        json.WriteEndObject();
    }

    private static void WriteMapping(Utf8JsonWriter json, string name, UserNamespaceMapping mapping)
    {
        json.WriteStartArray(name);
        json.WriteStartObject();
        json.WriteNumber("containerID", 0);
        json.WriteNumber("hostID", mapping.HostId);
        json.WriteNumber("size", mapping.Size);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResources(Utf8JsonWriter json, ContainerLimits limits, bool memoryLimitedByParent)
    {
        json.WriteStartObject("resources");
        json.WriteStartArray("devices");
        json.WriteStartObject();
        json.WriteBoolean("allow", false);
        json.WriteString("access", "rwm");
        json.WriteEndObject();
        json.WriteEndArray();
        if (!memoryLimitedByParent)
        {
            json.WriteStartObject("memory");
            json.WriteNumber("limit", limits.MemoryBytes);

            // cgroup v1 memory.memsw.limit_in_bytes: memory + swap; equal to the limit means no swap at all.
            json.WriteNumber("swap", limits.MemoryBytes);
            json.WriteEndObject();
        }

        json.WriteStartObject("cpu");
        json.WriteNumber("quota", (long)Math.Max(1000, limits.Cpus * CpuPeriodMicroseconds));
        json.WriteNumber("period", CpuPeriodMicroseconds);
        json.WriteEndObject();
        json.WriteStartObject("pids");
        json.WriteNumber("limit", limits.Pids);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSeccomp(Utf8JsonWriter json)
    {
        json.WriteStartObject("seccomp");
        json.WriteString("defaultAction", "SCMP_ACT_ALLOW");
        WriteArray(json, "architectures", SeccompPolicy.Architectures);
        json.WriteStartArray("syscalls");
        json.WriteStartObject();
        WriteArray(json, "names", SeccompPolicy.Denied);
        json.WriteString("action", "SCMP_ACT_ERRNO");
        json.WriteNumber("errnoRet", 1);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
