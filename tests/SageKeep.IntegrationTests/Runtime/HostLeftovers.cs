using SageKeep.Runtime.Runc;

namespace SageKeep.IntegrationTests.Runtime;

/// <summary>Looks for anything a run left on the host, by the names the runtime derives from its prefix and run id.</summary>
internal static class HostLeftovers
{
    public static async Task<IReadOnlyList<string>> FindAsync(string prefix, string cgroupParent, string runId)
    {
        var found = new List<string>();
        var containers = await new RuncClient().ListAsync(prefix, CancellationToken.None);
        found.AddRange(containers.Select(c => "runc container " + c.Id));
        var netns = await HostCommand.RunAsync("ip", ["netns", "list"], CancellationToken.None);
        found.AddRange(netns.Stdout.Split('\n').Where(l => l.Contains(runId, StringComparison.Ordinal)).Select(l => "netns " + l));
        var links = await HostCommand.RunAsync("ip", ["-o", "link", "show"], CancellationToken.None);
        found.AddRange(links.Stdout.Split('\n').Where(l => l.Contains(runId, StringComparison.Ordinal)).Select(l => "link " + l));
        var tables = await HostCommand.RunAsync("nft", ["list", "tables"], CancellationToken.None);
        found.AddRange(tables.Stdout.Split('\n').Where(l => l.Contains(runId, StringComparison.Ordinal)).Select(l => "nft " + l));
        found.AddRange(new CgroupV1().Existing(cgroupParent.TrimEnd('/') + "/" + prefix + runId).Select(d => "cgroup " + d));
        found.AddRange(File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(runId, StringComparison.Ordinal)).Select(l => "mount " + l));
        return found;
    }
}
