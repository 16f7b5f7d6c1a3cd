using System.Globalization;
using System.Text.Json;

namespace SageKeep.Runtime.Oci;

/// <summary>
/// Writes an OCI runtime config.json (runtime-spec 1.0.2, the version runc 1.1 implements) for a training container.
/// Every hardening choice is fixed here, in one place, and explained in docs/design/0002-container-hardening.md.
/// </summary>
public static partial class OciConfigWriter
{
    /// <summary>Largest NOFILE asked for; the host's hard limit caps it (an rlimit above it fails with EPERM).</summary>
    public const long MaxOpenFiles = 20_000;

    private const long CpuPeriodMicroseconds = 100_000;

    /// <summary>Writes &lt;bundle&gt;/config.json, creating the bundle directory.</summary>
    public static async Task WriteBundleAsync(string bundleDirectory, ContainerSpec spec, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(bundleDirectory);
        var bytes = Render(spec);
        await File.WriteAllBytesAsync(Path.Combine(bundleDirectory, "config.json"), bytes, cancellationToken).ConfigureAwait(false);
    }

    public static byte[] Render(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("ociVersion", "1.0.2");
            WriteProcess(json, spec);
            json.WriteStartObject("root");
            json.WriteString("path", spec.RootfsPath);
            json.WriteBoolean("readonly", true);
            json.WriteEndObject();
            json.WriteString("hostname", spec.Hostname);
            WriteMounts(json, spec);
            WriteLinux(json, spec);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteProcess(Utf8JsonWriter json, ContainerSpec spec)
    {
        json.WriteStartObject("process");
        json.WriteBoolean("terminal", false);
        json.WriteStartObject("user");
        json.WriteNumber("uid", 0);
        json.WriteNumber("gid", 0);
        json.WriteEndObject();
        WriteStrings(json, "args", spec.Args);
        WriteStrings(json, "env", spec.Env);
        json.WriteString("cwd", spec.WorkingDirectory);
        json.WriteStartObject("capabilities");
        foreach (var set in new[] { "bounding", "effective", "permitted" })
        {
            WriteStrings(json, set, ContainerCapabilities.Kept);
        }

        WriteStrings(json, "inheritable", []);
        WriteStrings(json, "ambient", []);
        json.WriteEndObject();
        json.WriteStartArray("rlimits");
        var files = Math.Min(MaxOpenFiles, HostHardLimit("Max open files") ?? MaxOpenFiles);
        WriteRlimit(json, "RLIMIT_NOFILE", files);
        WriteRlimit(json, "RLIMIT_CORE", 0);
        json.WriteEndArray();
        json.WriteBoolean("noNewPrivileges", true);
        json.WriteEndObject();
    }

    private static void WriteMounts(Utf8JsonWriter json, ContainerSpec spec)
    {
        json.WriteStartArray("mounts");
        WriteMount(json, "/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]);
        WriteMount(json, "/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]);
        WriteMount(json, "/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]);
        WriteMount(json, "/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]);

        // sysfs cannot be mounted from a user namespace that does not own the network namespace (EPERM), and a
        // training job needs nothing from it: an empty read-only tmpfs hides the host's devices and cgroups.
        WriteMount(json, "/sys", "tmpfs", "tmpfs", ["ro", "nosuid", "noexec", "nodev", "size=4k"]);
        var tmpSize = (spec.Limits.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "k";
        WriteMount(json, "/tmp", "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", "size=" + tmpSize]);
        foreach (var bind in spec.Mounts)
        {
            WriteMount(json, bind.Destination, "bind", bind.Source, ["rbind", bind.ReadOnly ? "ro" : "rw", "nosuid", "nodev"]);
        }

        json.WriteEndArray();
    }

    private static void WriteMount(Utf8JsonWriter json, string destination, string type, string source, string[] options)
    {
        json.WriteStartObject();
        json.WriteString("destination", destination);
        json.WriteString("type", type);
        json.WriteString("source", source);
        WriteStrings(json, "options", options);
        json.WriteEndObject();
    }

    private static void WriteRlimit(Utf8JsonWriter json, string type, long value)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteNumber("hard", value);
        json.WriteNumber("soft", value);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>The hard limit from /proc/self/limits (getrlimit without P/Invoke); null when unlimited or unreadable.</summary>
    private static long? HostHardLimit(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var fields = line[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length >= 2 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var hard) ? hard : null;
            }
        }

        return null;
    }
}
