using System.Globalization;

namespace SageKeep.Runtime.Runc;

/// <summary>
/// The cgroup v1 hierarchies runc places a container in (one directory per controller under /sys/fs/cgroup).
/// runc removes the container's own directory on delete but may leave it (or a parent) when a process lingers;
/// everything under a run's path is removed here by name.
/// </summary>
public sealed class CgroupV1(string mountRoot = "/sys/fs/cgroup")
{
    private static readonly string[] Controllers = ["unified", "memory", "cpu", "cpuacct", "cpuset", "pids", "devices", "freezer", "blkio", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc", "systemd"];

    /// <summary>Directories that exist for the cgroups path in any hierarchy.</summary>
    public IReadOnlyList<string> Existing(string cgroupsPath) =>
        [.. Controllers.Select(c => Path.Join(mountRoot, c, cgroupsPath)).Where(Directory.Exists).Distinct(StringComparer.Ordinal)];

    /// <summary>Number of OOM kills in the container's memory cgroup (memory.oom_control "oom_kill", Linux 4.13+).</summary>
    public long OomKills(string cgroupsPath)
    {
        var control = Path.Join(mountRoot, "memory", cgroupsPath, "memory.oom_control");
        try
        {
            foreach (var line in File.ReadLines(control))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan("oom_kill ".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kills))
                {
                    return kills;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cgroup is gone with its container: nothing more can be learnt from it.
        }

        return 0;
    }

    /// <summary>
    /// Creates the memory cgroup at <paramref name="cgroupsPath"/> (and its parents) limited to
    /// <paramref name="bytes"/> of memory and no swap. A container placed in a child of it is bounded by it,
    /// and the OOM kills it causes are counted here, where they stay readable after the container's own
    /// cgroup is gone.
    /// </summary>
    public void CreateMemoryLimit(string cgroupsPath, long bytes)
    {
        var directory = Path.Join(mountRoot, "memory", cgroupsPath);
        Directory.CreateDirectory(directory);
        var value = bytes.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Join(directory, "memory.limit_in_bytes"), value);
        var swap = Path.Join(directory, "memory.memsw.limit_in_bytes");
        if (File.Exists(swap))
        {
            File.WriteAllText(swap, value);
        }
    }

    /// <summary>Removes the path's directories, deepest first (rmdir only: a cgroup with tasks stays and is reported).</summary>
    public IReadOnlyList<string> Remove(string cgroupsPath)
    {
        var left = new List<string>();
        foreach (var directory in Existing(cgroupsPath))
        {
            foreach (var child in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(directory))
            {
                try
                {
                    Directory.Delete(child);
                }
                catch (IOException)
                {
                    left.Add(child);
                }
            }
        }

        return left;
    }

    /// <summary>Names of the child cgroups under a parent path (e.g. /sagekeep) in the memory hierarchy.</summary>
    public IReadOnlyList<string> Children(string parentPath)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var controller in Controllers)
        {
            var directory = Path.Join(mountRoot, controller, parentPath);
            if (Directory.Exists(directory))
            {
                foreach (var child in Directory.EnumerateDirectories(directory))
                {
                    names.Add(Path.GetFileName(child));
                }
            }
        }

        return [.. names];
    }
}
