namespace SageKeep.Runtime.Vpc;

/// <summary>
/// What one VPC should look like on the host: its namespace holds a bridge, every ENI is a veth from that
/// bridge into a namespace (one the platform creates, or an existing one a customer resource runs in), and
/// the security groups of the ENIs become the VPC's firewall. Built from the store; the host is made to match.
/// </summary>
public sealed record VpcSpec(string VpcId, int PrefixLength, IReadOnlyList<EniSpec> Interfaces, IReadOnlyList<GroupSpec> Groups)
{
    /// <summary>
    /// The address of the VPC's S3 gateway endpoint, held by the bridge in the VPC namespace (where the server's
    /// listener for it lives); null when the VPC has no gateway endpoint. The ENIs reach it under their groups' egress rules.
    /// </summary>
    public string? GatewayAddress { get; init; }
}

/// <summary>
/// One ENI: its address (with the VPC's prefix length, so every ENI of the VPC is on the bridge's link), its
/// groups, and where its far end lives: <see cref="ExternalNamespace"/> names an existing namespace (attached
/// customer resources), null means a namespace the platform creates and names from the ENI id.
/// </summary>
public sealed record EniSpec(string EniId, string Address, IReadOnlyList<string> GroupIds, string? ExternalNamespace);

/// <summary>A security group's rules; the ENIs in it are found through <see cref="EniSpec.GroupIds"/>.</summary>
public sealed record GroupSpec(string GroupId, IReadOnlyList<RuleSpec> Ingress, IReadOnlyList<RuleSpec> Egress);

/// <summary>
/// One permission: protocol <c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>-1</c> (all) or an IP protocol number;
/// ports (tcp/udp) or ICMP type/code (-1 for any); the peer as a CIDR or a security group.
/// </summary>
public sealed record RuleSpec(string Protocol, int FromPort, int ToPort, string? Cidr, string? GroupId);
