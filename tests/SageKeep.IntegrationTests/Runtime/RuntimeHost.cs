namespace SageKeep.IntegrationTests.Runtime;

/// <summary>What the host offers the runtime tests: the tools they drive and where they are.</summary>
internal static class RuntimeHost
{
    private static readonly string[] BusyboxPaths = ["/bin/busybox", "/usr/bin/busybox"];

    public static string? MissingRequirement()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "containers need Linux";
        }

        if (Environment.UserName != "root")
        {
            return "runc, network namespaces and cgroups need root; run the integration tests as root";
        }

        foreach (var tool in new[] { "runc", "ip", "nft" })
        {
            if (Which(tool) is null)
            {
                return $"{tool} is not installed (Debian packages runc, iproute2, nftables)";
            }
        }

        return Busybox is null ? "a static busybox is needed for the test image (Debian package busybox-static)" : null;
    }

    /// <summary>A statically linked busybox: the whole userland of the test image.</summary>
    public static string? Busybox =>
        BusyboxPaths.FirstOrDefault(p => File.Exists(p) && IsStatic(p));

    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':')
            .Append("/usr/sbin")
            .Append("/sbin")
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>An ELF without a PT_INTERP program header needs no dynamic loader inside the container.</summary>
    private static bool IsStatic(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[4] != 2)
        {
            return false;
        }

        var phoff = BitConverter.ToInt64(bytes, 32);
        var phentsize = BitConverter.ToUInt16(bytes, 54);
        var phnum = BitConverter.ToUInt16(bytes, 56);
        for (var i = 0; i < phnum; i++)
        {
            var offset = (int)phoff + i * phentsize;
            if (BitConverter.ToUInt32(bytes, offset) == 3)
            {
                return false;
            }
        }

        return true;
    }
}
