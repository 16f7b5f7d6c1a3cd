namespace SageKeep.Runtime.Vpc;

/// <summary>
/// Host names of VPC objects, derived from ids alone so cleanup works by name: a VPC's namespace
/// <c>skv{tag}-{vpc-id}</c>, a platform ENI's namespace <c>ske{tag}-{eni-id}</c>, the veth end in the VPC
/// namespace <c>e</c> + 12 hex digits of the ENI id (within IFNAMSIZ). The tag separates installations on one host.
/// </summary>
public sealed record VpcNames(string Tag)
{
    public const string Bridge = "br0";

    /// <summary>The far end's name inside a platform-created ENI namespace.</summary>
    public const string PlatformInterface = "eth0";

    public const string FirewallTable = "sagekeep";

    public const string GuardTable = "sagekeep_guard";

    public string VpcNamespacePrefix => $"skv{Tag}-";

    public string EniNamespacePrefix => $"ske{Tag}-";

    public string VpcNamespace(string vpcId) => VpcNamespacePrefix + vpcId;

    public string EniNamespace(string eniId) => EniNamespacePrefix + eniId;

    /// <summary>The veth end on the VPC's bridge (also the far end's name in an external namespace).</summary>
    public static string BridgePort(string eniId) => "e" + Hex(eniId)[..12];

    private static string Hex(string id) => id[(id.IndexOf('-', StringComparison.Ordinal) + 1)..].PadRight(12, '0');
}
