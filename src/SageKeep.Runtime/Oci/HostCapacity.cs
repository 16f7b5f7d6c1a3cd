namespace SageKeep.Runtime.Oci;

/// <summary>What the host can give training containers; instance types are scaled down to it.</summary>
public sealed record HostCapacity(double Cpus, long MemoryBytes)
{
    /// <summary>All CPUs and three quarters of the memory (the rest stays for the host and the platform).</summary>
    public static HostCapacity Detect()
    {
        long memory = 0;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var kib = long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                memory = kib * 1024 / 4 * 3;
            }
        }

        return new HostCapacity(Environment.ProcessorCount, memory);
    }
}
