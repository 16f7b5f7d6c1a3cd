using System.Globalization;

namespace SageKeep.Server.Services.Ec2.SecurityGroups;

/// <summary>
/// One security group rule in EC2's own unit (one peer per rule): direction, protocol (<c>tcp</c>, <c>udp</c>,
/// <c>icmp</c>, <c>-1</c> or a protocol number), port range or ICMP type/code (-1 for all; both -1 for protocol
/// -1), and the peer as an IPv4 CIDR or a security group.
/// </summary>
internal sealed record SecurityGroupRule(string Id, bool Egress, string Protocol, int FromPort, int ToPort, string? Cidr, string? GroupId, string? Description)
{
    /// <summary>Equality as EC2 detects duplicates: everything but the id and description.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Egress}|{Protocol}|{FromPort}|{ToPort}|{Cidr}|{GroupId}");

    public bool HasPorts => Protocol is "tcp" or "udp" or "icmp";

    /// <summary>EC2's text for the duplicate error: <c>peer: 10.0.0.0/16, TCP, from port: 22, to port: 22, ALLOW</c>.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"peer: {Cidr ?? GroupId}, {(Protocol == "-1" ? "ALL" : Protocol.ToUpperInvariant())}, from port: {FromPort}, to port: {ToPort}, ALLOW");
}
